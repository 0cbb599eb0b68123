import GRDB

extension CatalogueStore {
    /// The catalogue file each of `events` was imported from (every event's when nil), absolute path
    /// → the digest of its bytes then (`CatalogueReader.digest`).
    public func importedFiles(of events: [String]? = nil) throws -> [String: String] {
        try pool.read { db in
            var result: [String: String] = [:]
            if let events {
                for chunk in events.chunked(500) {
                    let rows = try Row.fetchAll(db, sql: """
                        SELECT source_path, source_digest FROM event WHERE id IN (\(databaseQuestionMarks(count: chunk.count)))
                        """, arguments: StatementArguments(Array(chunk)))
                    for row in rows { result[row[0]] = row[1] }
                }
            } else {
                for row in try Row.fetchAll(db, sql: "SELECT source_path, source_digest FROM event") { result[row[0]] = row[1] }
            }
            return result
        }
    }
}
