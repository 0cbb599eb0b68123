import StrictYAML
import ArgumentParser
import Catalogue
import Foundation
import PressKit

/// `--db`, shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The catalogue database (default: $PRESSKIT_DB, else ./\(CatalogueStore.defaultPath)).", valueName: "path"))
    var path: String?

    var resolvedPath: String {
        if let path { return path }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PRESSKIT_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return CatalogueStore.defaultPath
    }

    /// Opens an existing catalogue for listing; never creates, migrates or otherwise changes one.
    func openExisting() throws -> CatalogueStore {
        try CatalogueStore(path: resolvedPath, access: .read)
    }

    /// Opens an existing catalogue to record checks in, migrating it to the current schema.
    func openForChecks() throws -> CatalogueStore {
        try CatalogueStore(path: resolvedPath, access: .update)
    }
}

/// A database error met after opening (a lock held past the wait, a damaged page).
struct DatabaseFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs a store operation, turning SQLite failures into a message with the database path.
func withDatabase<T>(_ store: CatalogueStore, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InvalidInput {
        throw error
    } catch {
        throw DatabaseFailure(description: "catalogue '\(store.path)': \(CatalogueStore.describe(error))")
    }
}

/// A named value given on the command line in any case (`--kind Video`, `--format JSON`): people
/// type what they read in a title; the names themselves are all lower case, so nothing is ambiguous.
protocol CaseInsensitiveArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CaseInsensitiveArgument {
    // Public: the enums are PressKit's public types, and the witness must be as visible as they are.
    public init?(argument: String) {
        let wanted = argument.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else { return nil }
        self = match
    }
}

extension ListingFormat: CaseInsensitiveArgument {}
extension AssetKind: CaseInsensitiveArgument {}
extension EventType: CaseInsensitiveArgument {}
extension CheckFormat: CaseInsensitiveArgument {}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }
}

/// Warns on stderr, once per file, about catalogue files of `events` (all when nil) edited or
/// removed since the last import; never fails the command over it.
func warnAboutStaleCatalogue(_ store: CatalogueStore, events: [String]? = nil) {
    guard let warnings = try? StaleCatalogueFiles.warnings(store, events: events) else { return }
    for warning in warnings { Terminal.printLineToStandardError("presskit: warning: \(warning)") }
}

/// Resolves an EVENT argument (id or unambiguous prefix) or fails with suggestions.
func resolveEvent(_ reference: String, in store: CatalogueStore) throws -> String {
    switch try withDatabase(store, { try store.lookUpEvent(reference) }) {
    case .found(let id):
        return id
    case .ambiguous(let matches):
        throw CommandFailure(message: "'\(reference)' matches several events: \(matches.prefix(8).joined(separator: ", ")); type more of the id", status: .invalidInput)
    case .notFound(let suggestions):
        let hint = suggestions.isEmpty ? "run 'presskit events' to see the ids" : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
        throw CommandFailure(message: "no event '\(reference)' in the catalogue; \(hint)", status: .invalidInput)
    }
}
