import Foundation
import GRDB

// MARK: - Fast writes

/// Rows written by an import, bound by column index into statements prepared once per import
/// (`RowStatements`): GRDB's Codable encoding per row, its `StatementArguments` (an existential per
/// value, checked on every execution) and a JSONEncoder per list column dominated large imports.
protocol FastRow: Identified, TableRecord {
    /// Column names, `id` first, in the order of the record's `CodingKeys` (which name the columns
    /// once); parameter N of `insertSQL` and `updateSQL` is column N.
    static var columns: [String] { get }
    /// Binds every column, as parameters 1 through `columns.count`.
    func bind(to statement: RawStatement)
}

extension FastRow {
    static var insertSQL: String {
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let parameters = columns.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        return "INSERT INTO \(databaseTableName) (\(names)) VALUES (\(parameters))"
    }

    /// Every column but the id, by id: the same bindings as `insertSQL`.
    static var updateSQL: String {
        let assignments = columns.indices.dropFirst().map { "\"\(columns[$0])\" = ?\($0 + 1)" }.joined(separator: ", ")
        return "UPDATE \(databaseTableName) SET \(assignments) WHERE id = ?1"
    }

    static var existsSQL: String { "SELECT 1 FROM \(databaseTableName) WHERE id = ?1" }
}

/// The statements an import writes one table's rows with, prepared once on the transaction's
/// connection. `finalize` before the transaction's closure returns.
struct RowStatements<Record: FastRow> {
    private let insertRow: RawStatement
    private let updateRow: RawStatement
    private let rowExists: RawStatement

    init(_ db: Database) throws {
        var prepared: [RawStatement] = []
        do {
            for sql in [Record.insertSQL, Record.updateSQL, Record.existsSQL] { prepared.append(try RawStatement(db, sql: sql)) }
        } catch {
            prepared.forEach { $0.finalize() }
            throw error
        }
        (insertRow, updateRow, rowExists) = (prepared[0], prepared[1], prepared[2])
    }

    func insert(_ record: Record) throws {
        record.bind(to: insertRow)
        try insertRow.execute()
    }

    func update(_ record: Record) throws {
        record.bind(to: updateRow)
        try updateRow.execute()
    }

    func exists(_ record: Record) throws -> Bool {
        rowExists.bind(1, record.id)
        return try rowExists.returnsRow()
    }

    func finalize() {
        [insertRow, updateRow, rowExists].forEach { $0.finalize() }
    }
}

extension StoryRecord: FastRow {
    static let columns = CodingKeys.allCases.map(\.stringValue)

    func bind(to statement: RawStatement) {
        statement.bind(1, id); statement.bind(2, eventID); statement.bind(3, position); statement.bind(4, headline)
        statement.bind(5, date); statement.bind(6, place); statement.bind(7, summary)
        statement.bind(8, JSONColumn.strings(people)); statement.bind(9, webstory); statement.bind(10, JSONColumn.strings(tags))
    }
}

extension AssetRecord: FastRow {
    /// `id`, the placement, the other `AssetField` texts in order, then the lists.
    static let columns = ["id"] + placementColumns + textFields.dropFirst().map(\.rawValue)
        + AssetField.allCases.filter(\.isList).map(\.rawValue)

    func bind(to statement: RawStatement) {
        statement.bind(1, id); statement.bind(2, eventID); statement.bind(3, storyID); statement.bind(4, position)
        var parameter: Int32 = 5
        for text in texts.dropFirst() {
            statement.bind(parameter, text)
            parameter += 1
        }
        statement.bind(parameter, JSONColumn.shots(shotlist)); statement.bind(parameter + 1, JSONColumn.speakers(speakers))
    }
}

/// JSON text for list columns, read back by GRDB's JSONDecoder. Written by hand into bytes: the
/// output is `JSONEncoder`'s with `.sortedKeys` and `.withoutEscapingSlashes` (tests compare them), at
/// a fraction of its cost, which grew with one encoder per asset.
enum JSONColumn {
    static func strings(_ list: [String]) -> String {
        guard !list.isEmpty else { return "[]" }
        var out = JSONBytes()
        out.append("[")
        for (index, text) in list.enumerated() {
            if index > 0 { out.append(",") }
            out.append(quoted: text)
        }
        out.append("]")
        return out.text
    }

    /// `[{"at":…,"shot":…}]`: the keys in sorted order.
    static func shots(_ list: [Shot]) -> String {
        guard !list.isEmpty else { return "[]" }
        var out = JSONBytes()
        for (index, shot) in list.enumerated() {
            out.append(index == 0 ? "[{\"at\":" : ",{\"at\":")
            out.append(quoted: shot.at)
            out.append(",\"shot\":")
            out.append(quoted: shot.shot)
            out.append("}")
        }
        out.append("]")
        return out.text
    }

    /// `[{"language":…,"name":…}]`, without `language` when there is none (as `encodeIfPresent`).
    static func speakers(_ list: [Speaker]) -> String {
        guard !list.isEmpty else { return "[]" }
        var out = JSONBytes()
        for (index, speaker) in list.enumerated() {
            out.append(index == 0 ? "[{" : ",{")
            if let language = speaker.language {
                out.append("\"language\":")
                out.append(quoted: language)
                out.append(",")
            }
            out.append("\"name\":")
            out.append(quoted: speaker.name)
            out.append("}")
        }
        out.append("]")
        return out.text
    }

    static func encode<T: Encodable>(_ list: [T]) -> String {
        guard !list.isEmpty else { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = JSONBytes()
        out.append(quoted: text)
        return out.text
    }
}

/// UTF-8 bytes of JSON being written.
struct JSONBytes {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(128) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `text` as a string literal (see `JSONQuoting`).
    mutating func append(quoted text: String) {
        JSONQuoting.append(text, to: &bytes)
    }
}
