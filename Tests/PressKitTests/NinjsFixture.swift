import MediaProbe
import Catalogue
import Foundation
import LinkVocabulary
@testable import PressKit

/// A kit that fills every field a ninjs document can carry: every asset kind, health present, absent,
/// stale, redirected and broken, a lifted and a pending embargo, and hostile text throughout.
enum NinjsFixture {
    /// 2023-11-21T12:00:00Z.
    static let asOf = Date(timeIntervalSince1970: 1_700_568_000)

    static let hostileTitle = "Summit \"quoted\" <script>alert('x')</script> & co \u{200F}مؤتمر\u{200E} 🎉\nsecond line"
    static let hostileURL = "https://example.org/médias/файл.jpg?q=<script>\"x\"&r=`1`"

    static func manifest(recordsAsOf: Bool = true) -> Manifest {
        ManifestBuilder(policy: PressKitPolicy(), asOf: asOf, recordsAsOf: recordsAsOf)
            .manifest(for: event, health: health)
    }

    static func zoned(_ text: String) -> ZonedDateTime? { try? ZonedDateTime.parse(text).get() }

    static let event = Event(
        id: "summit-2023", title: hostileTitle, type: .summit,
        start: CalendarDate(year: 2023, month: 11, day: 20)!, end: CalendarDate(year: 2023, month: 11, day: 21),
        places: ["Brussels", "\u{202E}Vilnius"], summary: "Leaders meet. <b>Bold</b> \\ backslash \u{0007} bell",
        contacts: [Contact(name: "Press Office", role: "Press enquiries", email: "press@example.org", phone: "+32 2 707 50 41"),
                   Contact(name: "Duty officer")],
        tags: ["defence", "summit"],
        stories: [
            Story(id: "opening", headline: "Opening \"session\" 🎤", date: .moment(zoned("2023-11-20T09:30:00+01:00")!),
                  place: "Brussels", summary: "The summit opens.", people: ["Jens Stoltenberg", "Borjana Krišto"],
                  webstory: "https://example.org/news/opening.htm", tags: ["opening"],
                  assets: AssetKind.allCases.map(asset)),
            Story(id: "closing", headline: "Closing", date: .day(CalendarDate(year: 2023, month: 11, day: 21)!),
                  assets: [
                      Asset(id: "closing-video-lifted", kind: .video, title: "Lifted embargo",
                            url: "https://example.org/closing.mp4", embargo: zoned("2023-11-21T10:00:00+01:00")),
                      Asset(id: "closing-photo-pending", kind: .photo, title: "Still embargoed",
                            url: "https://example.org/closing.jpg", embargo: zoned("2023-11-22T10:00:00Z")),
                      Asset(id: "closing-audio-stale", kind: .audio, title: "Stale check",
                            url: "https://example.org/stale.mp3"),
                      Asset(id: "closing-document-broken", kind: .document, title: "Broken link",
                            url: "https://example.org/broken.pdf"),
                  ]),
        ],
        assets: [Asset(id: "fact-sheet", kind: .document, title: "Fact sheet", url: "https://example.org/facts.pdf",
                       language: "fr", credit: "NATO", rights: "Free for editorial use", contentType: "application/pdf")])

    /// One asset of `kind` for the opening story, each field filled; the photo carries the hostile text.
    static func asset(_ kind: AssetKind) -> Asset {
        let audiovisual = kind.isAudiovisual
        return Asset(
            id: "opening-\(kind.rawValue)", kind: kind, title: kind == .photo ? hostileTitle : "Opening \(kind.rawValue)",
            url: kind == .photo ? hostileURL : "https://example.org/opening/\(kind.rawValue)",
            language: "sr-Latn", credit: "NATO / Photographer", rights: "Editorial use only \u{00A9}",
            caption: kind == .photo ? "Caption with \u{202B}RTL embedding\u{202C} and 🇧🇪" : nil,
            embargo: zoned("2023-11-20T08:00:00Z"), contentType: nil, notes: "staff only: not in kits",
            filmed: audiovisual ? CalendarDate(year: 2023, month: 11, day: 19) : nil,
            location: audiovisual ? "Brussels, Belgium" : nil,
            synopsis: audiovisual ? "What the footage shows." : nil,
            shotlist: audiovisual ? [Shot(at: "00:00:05", shot: "Wide shot"), Shot(at: "00:01:10.500", shot: "Close-up")] : [],
            speakers: audiovisual ? [Speaker(name: "Jens Stoltenberg", language: "en"), Speaker(name: "Interpreter")] : [])
    }

    /// Checked an hour before `asOf` unless said otherwise; URLs missing here were never checked.
    static let health: [String: LinkHealth] = {
        func checked(_ url: String, _ verdict: LinkVerdict, status: Int?, type: String? = nil, length: Int64? = nil,
                     newURL: String? = nil, ago: TimeInterval = 3600, media: MediaProperties? = nil) -> (String, LinkHealth) {
            let at = asOf.addingTimeInterval(-ago)
            return (url, LinkHealth(url: url, verdict: verdict, since: at, lastChecked: at, lastOK: at,
                                    consecutiveFailures: 0, httpStatus: status, contentType: type,
                                    contentLength: length, newURL: newURL, certificateExpiry: nil,
                                    media: media.map { MediaProbeRecord(properties: $0, note: nil, bytes: 30_000, probedAt: at) }))
        }
        return Dictionary(uniqueKeysWithValues: [
            checked("https://example.org/news/opening.htm", .ok, status: 200, type: "text/html"),
            checked(hostileURL, .ok, status: 200, type: "image/jpeg", length: 2_345_678),
            checked("https://example.org/opening/b-roll", .ok, status: 200, type: "video/mp4", length: 1_234_567_890,
                    media: MediaProperties(format: "MP4", width: 1920, height: 1080, duration: 95.96, frameRate: 29.97,
                                           videoCodec: "H.264", audioCodec: "AAC", sampleRate: 48_000, channels: 2)),
            checked("https://example.org/opening/video", .redirected, status: 301, type: "video/mp4",
                    newURL: "https://example.org/new/video.mp4"),
            checked("https://example.org/opening/soundbite", .timeout, status: nil),
            checked("https://example.org/closing.mp4", .ok, status: 200, type: "video/mp4", length: 10),
            checked("https://example.org/stale.mp3", .ok, status: 200, type: "audio/mpeg", ago: 30 * 86_400),
            checked("https://example.org/broken.pdf", .broken, status: 404),
        ])
    }()
}
