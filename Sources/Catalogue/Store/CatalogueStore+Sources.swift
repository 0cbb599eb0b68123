import GRDB

extension CatalogueStore {
    /// The catalogue file each of `events` was imported from (every event's when nil), absolute path
    /// → the digest of its bytes then (`CatalogueReader.digest`).
    public func importedFiles(of events: [String]? = nil) throws -> [String: String] {
        try readConnection { db in
            var result: [String: String] = [:]
            func read(_ sql: String, _ arguments: [String]) throws {
                let rows = try RawStatement(db, sql: sql)
                defer { rows.finalize() }
                for (index, argument) in arguments.enumerated() { rows.bind(Int32(index + 1), argument) }
                while try rows.step() {
                    if let path = rows.text(0) { result[path] = rows.text(1) ?? "" }
                }
            }
            if let events {
                for chunk in events.chunked(500) {
                    try read("SELECT source_path, source_digest FROM event WHERE id IN (\(databaseQuestionMarks(count: chunk.count)))", Array(chunk))
                }
            } else {
                try read("SELECT source_path, source_digest FROM event", [])
            }
            return result
        }
    }
}
