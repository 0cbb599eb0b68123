/// Rules for the ids that scripts, cron entries and URLs of kits use.
public enum Identifier {
    /// Longest id accepted; longer ones are almost always a pasted title.
    public static let maximumLength = 120

    /// True for slugs: lowercase ASCII letters and digits, with single `-`, `_` or `.` between them.
    public static func isValidSlug(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= maximumLength else { return false }
        var previousWasSeparator = true // so a leading separator is refused
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                previousWasSeparator = false
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                if previousWasSeparator { return false }
                previousWasSeparator = true
            default:
                return false
            }
        }
        return !previousWasSeparator
    }

    /// The id of an asset written without one: `<owner>-<kind>-<hash>`, where owner is the story id
    /// (or the event id for event-wide assets) and hash is the first 8 hex digits of the 64-bit FNV-1a
    /// hash of the URL's UTF-8 bytes. Stable across runs, machines and versions: changing it would
    /// orphan check history, so this function must never change.
    public static func derivedAssetID(owner: String, kind: AssetKind, url: String) -> String {
        var hash = StableHash()
        hash.add(url.utf8)
        return "\(owner)-\(kind.rawValue)-\(hash.hex.prefix(8))"
    }
}
