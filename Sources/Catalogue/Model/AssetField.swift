/// An asset's fields by the names the catalogue gives them, in catalogue order: the one declaration
/// the catalogue reader's keys, the store's columns, the import's fingerprint, and the listings' JSON
/// keys and CSV columns derive from.
///
/// Adding a text field (say `thumbnail`): a case here, its property and `init` parameter on `Asset`,
/// its line in the two switches below (the compiler points to them), a migration adding its column
/// (`Schema.swift`), and, when press kits carry it, `KitAsset` with the manifest schema. The reader
/// reads a plain text field by itself; one with rules of its own (a URL, a date) is read in
/// `FileParser.readAsset` as `url` and `embargo` are.
public enum AssetField: String, CaseIterable, Hashable, Sendable {
    case id, kind, title, url, language, credit, rights, caption, embargo
    case contentType = "content_type", notes, filmed, location, synopsis, shotlist, speakers
    /// Last, so listings' CSV columns that scripts read by position keep their places.
    case thumbnail

    /// Every asset has it; the catalogue reader refuses an asset without it (`id` is derived when absent).
    public var isRequired: Bool {
        switch self {
        case .id, .kind, .title, .url: true
        default: false
        }
    }

    /// A list of values (JSON in the store, left out of CSV or joined into one cell); the others are one text each.
    public var isList: Bool {
        self == .shotlist || self == .speakers
    }

    /// Only video and audio assets carry it; the reader warns about it on other kinds and drops it.
    public var isBroadcast: Bool {
        switch self {
        case .filmed, .location, .synopsis, .shotlist, .speakers: true
        default: false
        }
    }

    /// For the press office's staff only: listings show it, press kits leave it out.
    public var isStaffOnly: Bool {
        self == .notes
    }

    /// Text the catalogue reader reads as written, with no rules of its own beyond those of any text.
    var isPlainText: Bool {
        switch self {
        case .credit, .rights, .caption, .notes, .location, .synopsis: true
        default: false
        }
    }

    /// Added after import fingerprints were first stored: part of an asset's fingerprint only when
    /// set, so stored fingerprints of assets without it still match and nothing re-imports.
    public var isFingerprintedOnlyWhenSet: Bool {
        self == .thumbnail
    }

    /// The fields that are one text each, in catalogue order.
    public static let texts = allCases.filter { !$0.isList }
}

extension Asset {
    /// The field's text as the catalogue writes it (dates and kinds in their catalogue spelling): what
    /// the store, the listings' JSON and CSV and the fingerprint hold. Nil when absent, and for lists.
    public func text(_ field: AssetField) -> String? {
        switch field {
        case .id: id
        case .kind: kind.rawValue
        case .title: title
        case .url: url
        case .language: language
        case .credit: credit
        case .rights: rights
        case .caption: caption
        case .embargo: embargo?.description
        case .contentType: contentType
        case .notes: notes
        case .filmed: filmed?.description
        case .location: location
        case .synopsis: synopsis
        case .thumbnail: thumbnail
        case .shotlist, .speakers: nil
        }
    }

    /// Sets the field from its `text(_:)`; false, leaving the asset as it was, when the text is not
    /// one the field can hold (an unknown kind, a malformed date). Nil removes an optional field.
    @discardableResult
    public mutating func setText(_ text: String?, for field: AssetField) -> Bool {
        switch field {
        case .id, .title, .url:
            guard let text else { return false }
            switch field {
            case .id: id = text
            case .title: title = text
            default: url = text
            }
        case .kind:
            guard let kind = text.flatMap(AssetKind.init(rawValue:)) else { return false }
            self.kind = kind
        case .language: language = text
        case .credit: credit = text
        case .rights: rights = text
        case .caption: caption = text
        case .embargo:
            guard let text else { embargo = nil; return true }
            guard case .success(let moment) = ZonedDateTime.parse(text) else { return false }
            embargo = moment
        case .contentType: contentType = text
        case .notes: notes = text
        case .filmed:
            guard let text else { filmed = nil; return true }
            guard let date = CalendarDate(iso: text) else { return false }
            filmed = date
        case .location: location = text
        case .synopsis: synopsis = text
        case .thumbnail: thumbnail = text
        case .shotlist, .speakers: return false
        }
        return true
    }

    /// Empties an optional field (a list becomes empty).
    public mutating func remove(_ field: AssetField) {
        switch field {
        case .shotlist: shotlist = []
        case .speakers: speakers = []
        default: setText(nil, for: field)
        }
    }
}
