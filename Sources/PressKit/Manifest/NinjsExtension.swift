import Catalogue
import LinkVocabulary

/// presskit's data that ninjs has no property for: link health, the kit's summary and violations, and
/// the few catalogue fields without a ninjs home.
///
/// Neither ninjs schema lets a document add properties: 3.1 and 2.2 close every object with
/// `unevaluatedProperties: false` or `additionalProperties: false` and define no `patternProperties`.
/// IPTC's answer is a provider schema that extends `ninjsType` — but documents using it no longer
/// validate against the standard schema, which newsroom systems check. So the extension rides in a
/// field both versions define for free-form text: one `descriptions` item per object with
/// `role` `presskit.ninjs-extension/1`, `contentType` `application/json`, and as `value` one line of
/// JSON with sorted keys. Key names and shapes are those of `presskit.manifest/1` (`KitHealth`,
/// `KitSummary`, `KitViolation`), so one parser reads both formats.
enum NinjsExtension {
    static let role = "presskit.ninjs-extension/1"
    static let contentType = "application/json"

    static func description<T: Encodable>(_ payload: T) -> NinjsText {
        NinjsText(role: role, contentType: contentType, NinjsJSON.compact(payload))
    }

    /// On the top-level item: the kit as a whole.
    struct Kit: Encodable {
        /// The moment the kit was built for, when the manifest records one.
        var asOf: String?
        var event: Event
        /// The staff kit's summary and violations; a public kit has neither.
        var summary: KitSummary?
        var violations: [KitViolation]?
        /// A public kit's announcement of held-back material: kind, title when announced, and when.
        var embargoed: [Announcement]?

        enum CodingKeys: String, CodingKey { case asOf = "as_of", event, summary, violations, embargoed }

        /// `HeldBackAsset` without its id: all a journalist is told of material still under embargo.
        struct Announcement: Encodable {
            var kind: AssetKind
            var title: String?
            var until: String
        }

        /// The event's type and days: 2.x has no property for event dates, and 3.x's `expectedStartDate`
        /// is approximate by definition, so they are repeated here exactly.
        struct Event: Encodable {
            var id: String
            var type: EventType
            var start: String
            var end: String?
        }
    }

    /// On each story association.
    struct Story: Encodable {
        /// The story's date as the catalogue wrote it: a day (`YYYY-MM-DD`) has no ninjs property.
        var date: String
        /// The health of the story's web page (its `webstory` rendition), when it has one.
        var webstoryHealth: KitHealth?

        enum CodingKeys: String, CodingKey { case date, webstoryHealth = "webstory_health" }
    }

    /// On each asset association.
    struct Asset: Encodable {
        /// presskit's kind (`b-roll`, `soundbite`, …), finer than ninjs' `type`.
        var kind: AssetKind
        /// The link's health and what the policy flags on it (`broken`, `stale`, `wrong-type`, …;
        /// empty when fine); both absent from a public kit.
        var health: KitHealth?
        var flags: [LinkProblem]?
        /// The filming day (`YYYY-MM-DD`): ninjs' `contentCreated` needs a time.
        var filmed: String?
        /// Speakers with their languages: ninjs' `people` has no language.
        var speakers: [Speaker]?
    }

    /// A one-line account of a link's health for the `edNote` an editor reads, e.g.
    /// `Link checked 2023-11-22T08:00:00Z: ok (HTTP 200).`
    static func note(_ health: KitHealth, flags: [LinkProblem] = [], link: String = "Link") -> String {
        var note: String
        if health.isUnchecked {
            note = "\(link) never checked."
        } else {
            note = "\(link) checked \(health.checkedAt ?? "at an unknown time"): \(health.state)"
            if let status = health.httpStatus { note += " (HTTP \(status))" }
            if let newURL = health.newURL { note += ", now at \(newURL)" }
            note += health.stale ? "; that check is stale." : "."
        }
        if !flags.isEmpty { note += " Flagged: \(flags.map(\.rawValue).joined(separator: ", "))." }
        return note
    }
}
