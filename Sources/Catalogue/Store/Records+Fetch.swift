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

    /// Reads the current row of `selectSQL` (or `columnList`). List columns hold JSON text as
    /// GRDB wrote and reads it; the empty list, by far the most common value, skips the decoder, and
    /// so do the plain lists `JSONColumn.read` reads (the decoder is the fallback).
    init(fastRow row: RawStatement, lists decoder: JSONDecoder) throws {
        // Columns: id, the placement, the other texts, the lists (`AssetRecord.columns`).
        var texts: [String?] = [row.text(0)]
        texts.reserveCapacity(Self.textFields.count)
        let placement = Self.placementColumns.count
        for index in 1..<Self.textFields.count { texts.append(row.text(Int32(placement + index))) }
        let lists = Int32(placement + Self.textFields.count)
        self.init(eventID: row.text(1) ?? "", storyID: row.text(2), position: row.int(3) ?? 0, texts: texts,
                  shotlist: try Self.list(row.text(lists) ?? "[]", decoder), speakers: try Self.list(row.text(lists + 1) ?? "[]", decoder))
    }

    private static func list<T: Decodable>(_ json: String, _ decoder: JSONDecoder) throws -> [T] {
        if json == "[]" { return [] }
        if let read = JSONColumn.read(json, as: T.self) { return read }
        return try decoder.decode([T].self, from: Data(json.utf8))
    }

    /// The assets matching `condition` (SQL after WHERE) in the given order.
    static func fetchAllFast(_ connection: OpaquePointer, where condition: String, orderBy order: String,
                             arguments: [String]) throws -> [AssetRecord] {
        try fetchAllFast(connection, sql: "\(selectSQL) WHERE \(condition) ORDER BY \(order)", arguments: arguments)
    }

    /// The assets a query selecting `columns` in order returns (`columnList` for a join), with
    /// `arguments` bound in order.
    static func fetchAllFast(_ connection: OpaquePointer, sql: String, arguments: [String]) throws -> [AssetRecord] {
        let decoder = JSONDecoder()
        let rows = try RawStatement(connection, sql: sql)
        defer { rows.finalize() }
        for (index, argument) in arguments.enumerated() { rows.bind(Int32(index + 1), argument) }
        var records: [AssetRecord] = []
        while try rows.step() { records.append(try AssetRecord(fastRow: rows, lists: decoder)) }
        return records
    }
}
