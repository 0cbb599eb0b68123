import StrictYAML
import Foundation

/// One catalogue file's bytes and the path shown in diagnostics.
public struct CatalogueSource: Sendable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Every event of a set of catalogue files, in id order, and the file each came from.
public struct Catalogue: Sendable, Hashable {
    public var events: [Event]
    /// Event id → the path of the file that defines it.
    public var sourcePaths: [String: String]
    /// Event id → `CatalogueReader.digest` of that file's bytes.
    public var sourceDigests: [String: String]

    public init(events: [Event], sourcePaths: [String: String] = [:], sourceDigests: [String: String] = [:]) {
        self.events = events.sorted { $0.id < $1.id }
        self.sourcePaths = sourcePaths
        self.sourceDigests = sourceDigests
    }
}

/// Reads catalogue files (Catalog/README.md documents the format) into a `Catalogue`, collecting every
/// problem in every file as a diagnostic before giving up, like a compiler.
public enum CatalogueReader {
    static let topKeys = ["event", "stories", "assets"]
    static let eventKeys = ["id", "title", "type", "start", "end", "places", "summary", "contacts", "tags", "language"]
    static let contactKeys = ["name", "role", "email", "phone"]
    static let storyKeys = ["id", "headline", "date", "place", "summary", "people", "webstory", "tags", "assets"]
    static let assetKeys = AssetField.allCases.map(\.rawValue) + ["translation_of"]

    /// Bumped whenever a rule changes, so that files checked by an older presskit are checked again.
    static let rulesVersion = "catalogue-rules/2"  // 2: control characters in text are refused

    /// A digest of a file's bytes under the current rules: equal digests mean the file reads the same.
    public static func digest(of data: Data) -> String {
        var hash = StableHash()
        hash.combine(rulesVersion)
        // Through the bytes' buffer: `Data`'s own iterator cost a call per byte.
        data.withUnsafeBytes { hash.add($0) }
        return hash.hex
    }

    /// Parses and checks all sources (files in parallel), then checks ids across files.
    /// The catalogue is complete only when the diagnostics hold no error.
    ///
    /// - Parameter alsoDefined: event ids defined by files not read this time (a re-import's unchanged
    ///   files), mapped to their paths, so that a new file cannot take one of them over.
    /// - Parameter defaultLanguage: the press-kit policy's `default_language`, the language of texts
    ///   written as plain strings in events without `language`.
    public static func read(_ sources: [CatalogueSource], alsoDefined: [String: String] = [:],
                            defaultLanguage: String = "en") -> (Catalogue, [Diagnostic]) {
        let files = ParallelMap.map(sources) { source in
            var file = FileParser(source: source, defaultLanguage: defaultLanguage).parse()
            if file.event != nil { file.digest = digest(of: source.data) }
            return file
        }
        var diagnostics = files.flatMap(\.diagnostics)
        let known = alsoDefined.sorted { $0.key < $1.key }.map {
            IDSite(kind: .event, id: $0.key, path: $0.value, mark: Position(line: 0, column: 0))
        }
        diagnostics += duplicateDiagnostics(known + files.flatMap(\.ids))
        var events: [Event] = []
        var paths: [String: String] = [:]
        var digests: [String: String] = [:]
        for (source, file) in zip(sources, files) {
            guard let event = file.event else { continue }
            events.append(event)
            paths[event.id] = source.path
            digests[event.id] = file.digest
        }
        return (Catalogue(events: events, sourcePaths: paths, sourceDigests: digests), diagnostics.sorted())
    }

    /// Where an id was defined, for "duplicate id … first defined at …".
    struct IDSite {
        enum Kind: String { case event, story, asset }
        let kind: Kind
        let id: String
        let path: String
        let mark: Position
    }

    static func duplicateDiagnostics(_ sites: [IDSite]) -> [Diagnostic] {
        struct Key: Hashable { let kind: IDSite.Kind, id: String }
        var first: [Key: IDSite] = [:]
        first.reserveCapacity(sites.count)
        var diagnostics: [Diagnostic] = []
        for site in sites {
            let key = Key(kind: site.kind, id: site.id)
            if let earlier = first[key] {
                let hint = site.kind == .asset ? "; give one of them its own 'id'" : ""
                diagnostics.append(Diagnostic(
                    path: site.path, line: site.mark.line, column: site.mark.column,
                    message: "duplicate \(site.kind.rawValue) id '\(site.id)', first defined \(earlier.mark.line > 0 ? "at \(earlier.path):\(earlier.mark.line):\(earlier.mark.column)" : "in \(earlier.path)")\(hint)"))
            } else {
                first[key] = site
            }
        }
        return diagnostics
    }
}

/// Spreads independent work over the machine's cores; results keep the input order.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let results = UnsafeResults<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.store(transform(items[index]), at: index)
        }
        return results.values
    }

    /// Each slot is written by exactly one iteration and read only after `concurrentPerform` returns,
    /// which is the synchronisation point; hence the unchecked conformance.
    private final class UnsafeResults<R>: @unchecked Sendable {
        private var slots: [R?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func store(_ value: R, at index: Int) { slots[index] = value }
        var values: [R] { slots.map { $0! } }
    }
}
