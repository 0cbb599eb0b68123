import Foundation
import GRDB

// MARK: - Fast reads

/// Asset rows read by column index, the matching half of `FastRow`: GRDB's Codable decoding
/// (`FetchableRecordDecoder`, a keyed container and a column lookup by name per field) took most of
/// the time `event(_:)` spent reading a 5,000-asset event.
extension AssetRecord {
    /// `columns` in order, as `init(fastRow:)` reads them by index.
    static let selectSQL = "SELECT " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM asset"

    /// `columns` in order, of the asset table named `alias` in a join.
    static func columnList(_ alias: String) -> String {
        columns.map { "\(alias).\"\($0)\"" }.joined(separator: ", ")
    }

    /// Reads a row of `selectSQL`. List columns hold JSON text as GRDB wrote and reads it; the empty
    /// list, by far the most common value, skips the decoder, and so do the plain lists
    /// `JSONColumn.read` reads (the decoder is the fallback).
    init(fastRow row: Row, lists decoder: JSONDecoder) throws {
        // Columns: id, the placement, the other texts, the lists (`AssetRecord.columns`).
        var texts: [String?] = [row[0]]
        texts.reserveCapacity(Self.textFields.count)
        let placement = Self.placementColumns.count
        for index in 1..<Self.textFields.count { texts.append(row[placement + index]) }
        let lists = placement + Self.textFields.count
        self.init(eventID: row[1], storyID: row[2], position: row[3], texts: texts,
                  shotlist: try Self.list(row[lists], decoder), speakers: try Self.list(row[lists + 1], decoder))
    }

    private static func list<T: Decodable>(_ json: String, _ decoder: JSONDecoder) throws -> [T] {
        if json == "[]" { return [] }
        if let read = JSONColumn.read(json, as: T.self) { return read }
        return try decoder.decode([T].self, from: Data(json.utf8))
    }

    /// The assets matching `condition` (SQL after WHERE) in the given order.
    static func fetchAllFast(_ db: Database, where condition: String, orderBy order: String,
                             arguments: StatementArguments) throws -> [AssetRecord] {
        try fetchAllFast(db, sql: "\(selectSQL) WHERE \(condition) ORDER BY \(order)", arguments: arguments)
    }

    /// The assets a query selecting `columns` in order returns (`columnList` for a join).
    static func fetchAllFast(_ db: Database, sql: String, arguments: StatementArguments) throws -> [AssetRecord] {
        let decoder = JSONDecoder()
        var records: [AssetRecord] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() { records.append(try AssetRecord(fastRow: row, lists: decoder)) }
        return records
    }
}
