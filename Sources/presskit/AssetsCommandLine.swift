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
        guard arguments.first == "assets", let line = PlainCommandLine(arguments.dropFirst(), flags: []),
              line.positionals.count == 1 else { return nil }
        event = line.positionals[0]
        var story: String?, policies: String?, database: String?, format: ListingFormat?
        for (name, value) in line.options {
            switch name {
            case "--story":
                guard story == nil else { return nil }
                story = value
            case "--kind":
                guard let kind = AssetKind(argument: value) else { return nil }
                kinds.append(kind)
            case "--policies":
                guard policies == nil else { return nil }
                policies = value
            case "--db":
                guard database == nil else { return nil }
                database = value
            case "--format":
                guard format == nil, let named = ListingFormat(argument: value) else { return nil }
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

/// A command line in its plainest forms, split without ArgumentParser for the commands scripts run
/// most (`AssetsCommandLine`, `CheckCommandLine`; the first says why): words, `--name value` and
/// `--name=value` options, and the `flags` named, which take no value.
///
/// Nil for anything less plain, which ArgumentParser then reads and judges as it always has: short
/// options, `--`, a flag given a value, a value that is empty or starts with `-` (or is missing),
/// a word that is empty or is `help`.
struct PlainCommandLine {
    var positionals: [String] = []
    var options: [(name: Substring, value: String)] = []
    var flags: [Substring] = []

    init?(_ arguments: ArraySlice<String>, flags known: Set<Substring>) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.utf8.first == UInt8(ascii: "-") else {
                guard !argument.isEmpty, argument != "help" else { return nil }
                positionals.append(argument)
                continue
            }
            guard argument.hasPrefix("--"), argument != "--" else { return nil }
            if let equals = argument.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = argument[..<equals]
                let value = String(argument[argument.utf8.index(after: equals)...])
                guard !known.contains(name), !value.isEmpty, value.utf8.first != UInt8(ascii: "-") else { return nil }
                options.append((name, value))
            } else if known.contains(argument[...]) {
                flags.append(argument[...])
            } else {
                guard index < arguments.endIndex else { return nil }
                let value = arguments[index]
                index += 1
                guard !value.isEmpty, value.utf8.first != UInt8(ascii: "-") else { return nil }
                options.append((argument[...], value))
            }
        }
    }
}
