import Catalogue
import Foundation
import StrictYAML

/// Opening the catalogue database for what a command does, and turning the store's failures into
/// one readable message that names the file (`OperationFailure`, reason `databaseUnavailable`).
public enum CatalogueDatabase {
    /// The database used when neither `--db` nor `$PRESSKIT_DB` names one.
    public static let defaultPath = CatalogueStore.defaultPath

    /// The database a command uses: `path` when given, else `$PRESSKIT_DB` when set, else the default.
    /// The variable is read alone (`getenv`): `ProcessInfo.environment` copies the whole environment
    /// into a dictionary, a fortieth of a listing's time, for every command even when `--db` is given.
    public static func resolvedPath(_ path: String?) -> String {
        if let path { return path }
        if let value = getenv("PRESSKIT_DB"), value.pointee != 0 { return String(cString: value) }
        return defaultPath
    }

    /// Opens an existing catalogue for listing; never creates, migrates or otherwise changes one.
    public static func openExisting(_ path: String) throws -> CatalogueStore {
        try CatalogueStore(path: path, access: .read)
    }

    /// Opens an existing catalogue to record checks in, migrating it to the current schema.
    public static func openForChecks(_ path: String) throws -> CatalogueStore {
        try CatalogueStore(path: path, access: .update)
    }

    /// The failure a store error met after opening means: the database, named, is unavailable.
    static func failure(_ store: CatalogueStore, _ error: any Error) -> OperationFailure {
        OperationFailure("catalogue '\(store.path)': \(CatalogueStore.describe(error))", reason: .databaseUnavailable)
    }
}

/// Runs a store operation, turning SQLite failures (a lock held past the wait, a damaged page) into
/// a message with the database path; invalid input and operations' own failures pass through.
public func withDatabase<T>(_ store: CatalogueStore, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InvalidInput {
        throw error
    } catch let failure as OperationFailure {
        throw failure
    } catch {
        throw CatalogueDatabase.failure(store, error)
    }
}

/// Resolves an EVENT argument (id or unambiguous prefix) or fails with suggestions.
public func resolveEvent(_ reference: String, in store: CatalogueStore) throws -> String {
    switch try withDatabase(store, { try store.lookUpEvent(reference) }) {
    case .found(let id):
        return id
    case .ambiguous(let matches):
        throw OperationFailure("'\(reference)' matches several events: \(matches.prefix(8).joined(separator: ", ")); type more of the id",
                               reason: .invalidInput)
    case .notFound(let suggestions):
        let hint = suggestions.isEmpty ? "run 'presskit events' to see the ids" : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
        throw OperationFailure("no event '\(reference)' in the catalogue; \(hint)", reason: .invalidInput)
    }
}

/// Where an operation's notes go while it runs: lines a person reads beside the output (warnings,
/// diagnostics, delivery summaries). The command line writes each to standard error, cleaned of
/// control characters.
public struct OperationNotes: Sendable {
    public var line: @Sendable (String) -> Void

    public init(_ line: @escaping @Sendable (String) -> Void) {
        self.line = line
    }

    public func warning(_ text: String) {
        line("presskit: warning: \(text)")
    }

    /// Warns once per file about catalogue files of `events` (all when nil) edited or removed since
    /// the last import; never fails the command over it.
    public func staleCatalogue(_ store: CatalogueStore, events: [String]? = nil) {
        guard let warnings = try? StaleCatalogueFiles.warnings(store, events: events) else { return }
        for text in warnings { warning(text) }
    }
}
