import PressKit

/// `presskit assets …` read without swift-argument-parser when the command line is plainly a listing.
///
/// Why: ArgumentParser builds every command's argument set by reflection (`Mirror`, and a scan of
/// every protocol conformance record of the static binary per type it meets) and parses each
/// command line twice more looking for `--generate-completion-script`; for `assets --format json`
/// that was 18.8 M of 50.5 M instructions, more than reading and writing the assets (README
/// "Benchmarks"). Scripts list assets often, so the listing reads its own plain forms:
///
/// `assets EVENT [--story ID] [--kind K]… [--policies DIR] [--db PATH] [--format F]`, options in
/// any order and also as `--name=value`, each given once except `--kind`.
///
/// Anything else returns nil and goes to ArgumentParser, which says what is wrong exactly as
/// before: help and version flags, completion requests, short or unknown options, `--`, a value
/// that is empty or starts with `-`, a repeated option, an unknown kind or format, no event or a
/// second one. What is accepted here means what ArgumentParser makes of it, and runs the same code
/// (`Presskit.Assets.list`); Tests/PresskitCLITests/AssetsCommandLineTests.swift holds the two paths
/// to the same output.
struct AssetsCommandLine {
    var event: String
    var story: String?
    var kinds: [AssetKind] = []
    var policies: String?
    var database: String?
    var format: ListingFormat = .table

    /// `arguments` without the program's name.
    init?(_ arguments: [String]) {
        guard arguments.first == "assets", let line = PlainCommandLine(arguments.dropFirst(), flags: [], repeatable: ["--kind"]),
              line.positionals.count == 1 else { return nil }
        event = line.positionals[0]
        var story: String?, policies: String?, database: String?, format: ListingFormat?
        for (name, value) in line.options {
            switch name {
            case "--story":
                story = value
            case "--kind":
                guard let kind = AssetKind(argument: value) else { return nil }
                kinds.append(kind)
            case "--policies":
                policies = value
            case "--db":
                database = value
            case "--format":
                guard let named = ListingFormat(argument: value) else { return nil }
                format = named
            default:
                return nil
            }
        }
        self.story = story
        self.policies = policies
        self.database = database
        self.format = format ?? .table
    }

    func run() throws {
        try Presskit.Assets.list(event: event, story: story, kinds: kinds, policies: PolicySet(directory: policies),
                                 database: CatalogueDatabase.resolvedPath(database), format: format)
    }
}
