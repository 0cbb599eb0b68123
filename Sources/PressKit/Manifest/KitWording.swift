import Catalogue
import Foundation
import LinkVocabulary
import Synchronization

/// The words the human-readable kits (HTML, Markdown) share, so a journalist reads the same labels,
/// order and health wording whichever format a colleague forwarded.
enum KitWording {
    /// A kind as a group heading: "B-roll", "Photos".
    static func heading(_ kind: AssetKind) -> String {
        switch kind {
        case .bRoll: "B-roll"
        case .soundbite: "Soundbites"
        case .video: "Videos"
        case .transcript: "Transcripts"
        case .photo: "Photos"
        case .audio: "Audio"
        case .document: "Documents"
        case .webstory: "Web stories"
        }
    }

    static func eventType(_ type: EventType) -> String {
        type.rawValue.prefix(1).uppercased() + type.rawValue.dropFirst()
    }

    /// `2023-11-19` or `2023-11-19 to 2023-11-22`.
    static func dates(start: String, end: String?) -> String {
        guard let end, end != start else { return start }
        return "\(start) to \(end)"
    }

    /// A moment for people: `2024-02-14 08:00 UTC`, or `2024-02-16 09:00 UTC+02:00` in the zone the
    /// press office wrote (an embargo is announced in local time). Seconds only when not zero. Dates
    /// and text that is not RFC 3339 come back as they are. Machine-readable forms keep the original.
    static func moment(_ text: String) -> String {
        // A kit repeats a handful of check times thousands of times; parsing and formatting each was
        // a tenth of an HTML kit.
        if let known = momentCache.value(for: text) { return known }
        let formatted = formatMoment(text)
        momentCache.store(formatted, for: text)
        return formatted
    }

    private static let momentCache = TextCache()

    private static func formatMoment(_ text: String) -> String {
        guard case .success(let time) = ZonedDateTime.parse(text) else { return text }
        let clock = String(format: "%02d:%02d", time.hour, time.minute) + (time.second == 0 ? "" : String(format: ":%02d", time.second))
        let zone: String
        if time.isUTC || time.offsetMinutes == 0 {
            zone = "UTC"
        } else {
            let magnitude = abs(time.offsetMinutes)
            zone = "UTC" + (time.offsetMinutes < 0 ? "-" : "+") + String(format: "%02d:%02d", magnitude / 60, magnitude % 60)
        }
        return "\(time.date) \(clock) \(zone)"
    }

    /// "3 b-roll, 2 photo", kinds in `AssetKind` order.
    static func kindCounts(_ kinds: [AssetKind: Int]) -> [(kind: String, count: Int)] {
        AssetKind.allCases.compactMap { kind in kinds[kind].map { (kind.rawValue, $0) } }
    }

    /// How a health verdict reads at a glance. Badges carry the verdict's words too: tone is never
    /// the only signal (WCAG 1.4.1, use of colour).
    enum Tone: String {
        case good, warning, bad
    }

    static func tone(of health: KitHealth) -> Tone {
        guard let verdict = health.verdict, !health.stale else { return .warning }
        guard verdict.isWorking else { return .bad }
        return verdict == .ok ? .good : .warning
    }

    /// Flags are problems the policy chose to show; a broken-type flag is bad, the rest need a look.
    static func tone(ofFlag flag: LinkProblem) -> Tone {
        switch flag {
        case .flag: .warning
        case .verdict(let verdict): verdict.isWorking || verdict.isUnacceptableFile ? .warning : .bad
        }
    }

    /// "ok, HTTP 200, checked 2023-11-20T10:00:00Z" — the verdict, then what backs it.
    static func healthDetails(_ health: KitHealth) -> [String] {
        var parts: [String] = []
        if let status = health.httpStatus { parts.append("HTTP \(status)") }
        if let checkedAt = health.checkedAt { parts.append("checked \(moment(checkedAt))") } else { parts.append("never checked") }
        return parts
    }

    /// A BCP 47 tag fit for a `lang` attribute (`en`, `sr-Latn`, `zh-Hant-TW`): letters, digits and
    /// hyphens in the RFC 5646 shape; anything else is shown as text but not claimed as a language.
    static func languageTag(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        // On UTF-8 bytes (every asset of a kit asks): a tag is ASCII, and a non-ASCII byte fails it.
        let subtags = raw.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard let primary = subtags.first, (2...8).contains(primary.count), primary.allSatisfy(isASCIILetter) else { return nil }
        let rest = subtags.dropFirst()
        return rest.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { isASCIILetter($0) || (0x30...0x39).contains($0) } })
            ? raw : nil
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// Where in the kit an asset id (or `story:ID` for a web story) appears, so the summary can
    /// name it by title and point at it; ids not in the kit (left out) are shown as they are.
    struct Titles {
        private var byID: [String: (title: String, anchor: String)] = [:]

        init(_ manifest: Manifest) {
            for (index, asset) in manifest.allAssets.enumerated() where byID[asset.id] == nil {
                byID[asset.id] = (asset.title, KitWording.anchor(index))
            }
            // The builder names a story's web page `story:ID` in the summary.
            for (index, story) in manifest.stories.enumerated() where story.webstory != nil {
                byID["story:\(story.id)"] = ("Web story: \(story.headline)", "story-\(index + 1)")
            }
        }

        subscript(id: String) -> (title: String, anchor: String)? { byID[id] }
    }

    /// The in-page id of the n-th asset in `Manifest.allAssets` order. Never built from catalogue
    /// text: an id could collide with ours or need escaping.
    /// Held-back material as a public kit announces it: one entry per lift time, earliest first, with
    /// the titles the policy announces (`embargo: announce`) and how many assets there are. No ids, no URLs.
    static func announcements(_ held: [HeldBackAsset]) -> [(until: String, titles: [String], count: Int)] {
        var order: [String] = []
        var byTime: [String: (titles: [String], count: Int)] = [:]
        for item in held {
            if byTime[item.until] == nil { order.append(item.until) }
            byTime[item.until, default: ([], 0)].count += 1
            if let title = item.title { byTime[item.until, default: ([], 0)].titles.append(title) }
        }
        let sorted = order.enumerated().sorted { a, b in
            let (x, y) = (KitMoment.parse(a.element)?.timeIntervalSince1970 ?? 0, KitMoment.parse(b.element)?.timeIntervalSince1970 ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }
        return sorted.map { ($0.element, byTime[$0.element]!.titles, byTime[$0.element]!.count) }
    }

    static func anchor(_ index: Int) -> String { "asset-\(index + 1)" }
}

/// A small memo of a pure function of text, shared by threads (sites render kits in turn, tests in
/// parallel). Bounded: cleared when full, so odd input cannot make it grow without end.
final class TextCache: Sendable {
    private let entries = Mutex<[String: String]>([:])
    private let limit: Int

    init(limit: Int = 256) { self.limit = limit }

    func value(for key: String) -> String? {
        entries.withLock { $0[key] }
    }

    func store(_ value: String, for key: String) {
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }
}
