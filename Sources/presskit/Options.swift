import ArgumentParser
import Foundation
import PressKit

/// `--db`, shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The catalogue database (default: $PRESSKIT_DB, else ./\(CatalogueDatabase.defaultPath)).", valueName: "path"))
    var path: String?

    var resolvedPath: String { CatalogueDatabase.resolvedPath(path) }

    /// Opens an existing catalogue for listing; never creates, migrates or otherwise changes one.
    func openExisting() throws -> CatalogueStore {
        try CatalogueDatabase.openExisting(resolvedPath)
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
extension ReportFormat: CaseInsensitiveArgument {}
extension ArchiveFormat: CaseInsensitiveArgument {}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(iso: argument)
    }
}

/// Warns on stderr, once per file, about catalogue files of `events` (all when nil) edited or
/// removed since the last import; never fails the command over it.
func warnAboutStaleCatalogue(_ store: CatalogueStore, events: [String]? = nil) {
    Terminal.notes.staleCatalogue(store, events: events)
}
