import Foundation
import StrictYAML

/// What a drafted file is, as far as guessing its kind goes: known from the type the page or the
/// server states, else from the link's extension.
public enum DraftFileType: String, Sendable, Hashable, CaseIterable {
    case video, audio, image, pdf, office, text

    /// From a media type (`video/mp4`, `application/pdf; charset=…`); nil for pages and unknown types.
    public init?(contentType: String) {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if type.hasPrefix("video/") { self = .video } else if type.hasPrefix("audio/") { self = .audio }
        else if type.hasPrefix("image/") { self = .image } else if type == "application/pdf" { self = .pdf }
        else if type == "text/plain" { self = .text }
        else if type == "application/msword" || type == "application/rtf" || type.hasPrefix("application/vnd.openxmlformats-officedocument.")
                    || type.hasPrefix("application/vnd.oasis.opendocument.") || type.hasPrefix("application/vnd.ms-") { self = .office }
        else { return nil }
    }

    /// From the last path segment's extension (query and fragment ignored).
    public init?(url: String) {
        guard let components = URLComponents(string: url) else { return nil }
        let name = components.path.split(separator: "/").last.map(String.init) ?? ""
        guard let dot = name.lastIndex(of: "."), let type = Self.extensions[name[name.index(after: dot)...].lowercased()] else { return nil }
        self = type
    }

    static let extensions: [String: DraftFileType] = {
        var table: [String: DraftFileType] = [:]
        for ext in ["mp4", "m4v", "mov", "webm", "mkv", "avi", "mxf", "mpg", "mpeg", "wmv"] { table[ext] = .video }
        for ext in ["mp3", "m4a", "aac", "wav", "oga", "ogg", "opus", "flac"] { table[ext] = .audio }
        for ext in ["jpg", "jpeg", "png", "gif", "webp", "tif", "tiff", "heic", "avif"] { table[ext] = .image }
        table["pdf"] = .pdf
        for ext in ["doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf"] { table[ext] = .office }
        table["txt"] = .text
        return table
    }()

    /// The kind a file of this type is when no rule's words say otherwise.
    var fallbackKind: AssetKind {
        switch self {
        case .video: .video
        case .audio: .audio
        case .image: .photo
        case .pdf, .office, .text: .document
        }
    }
}

/// `Policies/draft.yaml`: the rules that guess a drafted asset's kind from the words around its link.
public struct DraftPolicy: Sendable, Equatable {
    public static let fileName = "draft.yaml"

    public struct KindRule: Sendable, Equatable {
        public var kind: AssetKind
        /// Matched case-insensitively as whole words; empty matches on `files` alone.
        public var words: [String]
        /// File types the rule applies to; empty means any.
        public var files: Set<DraftFileType>

        public init(kind: AssetKind, words: [String] = [], files: Set<DraftFileType> = []) {
            self.kind = kind
            self.words = words
            self.files = files
        }
    }

    public var kinds: [KindRule]

    /// The shipped rules (Policies/draft.yaml holds the same, to be edited).
    public init(kinds: [KindRule] = DraftPolicy.shippedRules) {
        self.kinds = kinds
    }

    public static let shippedRules: [KindRule] = [
        KindRule(kind: .bRoll, words: ["b-roll", "footage"], files: [.video]),
        KindRule(kind: .soundbite, words: ["soundbite"], files: [.video, .audio]),
        KindRule(kind: .transcript, words: ["transcript", "speech", "remarks", "statement"], files: [.text, .pdf]),
        KindRule(kind: .video, words: ["press conference", "Q&A", "press point"], files: [.video]),
        KindRule(kind: .photo, files: [.image]),
    ]

    /// Reads `draft.yaml` from `directory`; a folder without it gives the shipped rules.
    public static func load(from directory: String) throws -> DraftPolicy {
        try PolicyFolder.check(directory)
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return DraftPolicy() }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws -> DraftPolicy {
        var d: [Diagnostic] = []
        guard let root = YAMLText.parse(path: path, data: data, into: &d) else { throw InvalidInput(diagnostics: d) }
        var rules: [KindRule] = []
        if let map = MappingReader(root, what: "the draft policy", path: path, diagnostics: &d) {
            map.reportUnknownKeys(known: ["kinds"], into: &d)
            for node in map.list("kinds", into: &d) {
                guard let rule = MappingReader(node, what: "a kind rule", path: path, diagnostics: &d) else { continue }
                rule.reportUnknownKeys(known: ["kind", "words", "files"], into: &d)
                let kindText = rule.text("kind", required: true, into: &d)
                let words = rule.texts("words", into: &d)
                var files: Set<DraftFileType> = []
                for text in rule.texts("files", into: &d) {
                    if let type = DraftFileType(rawValue: text) { files.insert(type) } else {
                        d.append(rule.diagnostic(at: rule.node("files"), "'\(text.prefix(40))' is not a file type; use one of "
                            + DraftFileType.allCases.map(\.rawValue).joined(separator: ", ")))
                    }
                }
                guard let kindText else { continue }
                guard let kind = AssetKind(rawValue: kindText) else {
                    d.append(rule.diagnostic(at: rule.node("kind"), "'\(kindText.prefix(40))' is not an asset kind"
                        + Suggestions.didYouMean(kindText, in: AssetKind.allCases.map(\.rawValue))))
                    continue
                }
                if !rule.has("words") && !rule.has("files") {
                    d.append(rule.diagnostic(at: node, "a kind rule needs 'words', 'files' or both"))
                    continue
                }
                rules.append(KindRule(kind: kind, words: words, files: files))
            }
        }
        if d.hasErrors { throw InvalidInput(diagnostics: d) }
        return DraftPolicy(kinds: rules)
    }
}

extension PolicySet {
    public func draftPolicy() throws -> DraftPolicy {
        guard let folder = path else { return DraftPolicy() }
        do {
            return try DraftPolicy.load(from: folder)
        } catch let invalid as InvalidInput {
            throw OperationFailure(invalid, action: "fix the policy and run again")
        }
    }
}
