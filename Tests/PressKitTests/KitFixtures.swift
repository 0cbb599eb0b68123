import MediaProbe
import Catalogue
import Foundation
import LinkVocabulary
@testable import PressKit

/// Events and link health for the renderer tests, built in memory: no database, no network.
enum KitFixtures {
    /// The moment every kit here is built for: after one embargo lifted, before the other.
    static let asOf = moment("2024-02-15T12:00:00Z")

    static func manifest(for event: Event = representative, health: [String: LinkHealth] = representativeHealth,
                         recordsAsOf: Bool = true, embargo: EmbargoRule = .announce) -> Manifest {
        var policy = PressKitPolicy()
        policy.embargo = embargo
        return ManifestBuilder(policy: policy, asOf: asOf, recordsAsOf: recordsAsOf).manifest(for: event, health: health)
    }

    /// A visit kit with a bit of everything: a thumbnail and a gallery page, a shot list and speakers,
    /// an asset in French, a lifted and a live embargo, a broken link (left out), a stale check, a
    /// redirect, a wrong type, a never-checked link, and no transcript (a required kind missing).
    static let representative = Event(
        id: "steadfast-visit-2024", title: "Secretary General visits Exercise Steadfast Example", type: .visit,
        start: day("2024-02-12"), end: day("2024-02-13"), places: ["Tapa, Estonia", "Ādaži, Latvia"],
        summary: "The Secretary General meets troops of the multinational battlegroups during Exercise Steadfast Example.",
        contacts: [Contact(name: "NATO Press Office", role: "Press enquiries", email: "press@example.org", phone: "+32 2 707 50 41")],
        tags: ["exercise"],
        stories: [
            Story(id: "tapa", headline: "Secretary General meets the battlegroup in Tapa", date: .day(day("2024-02-12")),
                  place: "Tapa, Estonia", summary: "A visit to the multinational battlegroup in Estonia.",
                  people: ["Jens Stoltenberg", "Kaja Kallas"], webstory: "https://example.org/news/tapa.htm",
                  assets: [
                    Asset(id: "tapa-b-roll", kind: .bRoll, title: "B-roll: arrival in Tapa", url: "https://example.org/media/tapa-b-roll.mp4",
                          language: "en", contentType: "video/mp4", filmed: day("2024-02-12"), location: "Tapa, Estonia",
                          synopsis: "The Secretary General arrives and reviews the troops.",
                          shotlist: [Shot(at: "00:00:00", shot: "Aircraft lands"), Shot(at: "00:00:42", shot: "Guard of honour")]),
                    Asset(id: "tapa-soundbite-fr", kind: .soundbite, title: "Extrait sonore : le commandant",
                          url: "https://example.org/media/tapa-commandant.mp4", language: "fr", credit: "NATO / OTAN",
                          contentType: "video/mp4", speakers: [Speaker(name: "Colonel Dupont", language: "fr")]),
                    Asset(id: "tapa-video-moved", kind: .video, title: "Press point in Tapa", url: "https://example.org/media/old/press-point.mp4",
                          contentType: "video/mp4"),
                    Asset(id: "tapa-photo-broken", kind: .photo, title: "Portrait that is gone", url: "https://example.org/photos/gone.jpg"),
                    Asset(id: "tapa-photo-next", kind: .photo, title: "Photos of tomorrow's visit", url: "https://example.org/photos/next.jpg",
                          embargo: zoned("2024-02-16T09:00:00+02:00")),
                  ]),
            Story(id: "adazi", headline: "Secretary General in Ādaži", date: .moment(zoned("2024-02-13T10:30:00+02:00")),
                  place: "Ādaži, Latvia", webstory: "https://example.org/news/adazi.htm",
                  assets: [
                    Asset(id: "adazi-photo-lifted", kind: .photo, title: "Arrival in Ādaži", url: "https://example.org/photos/adazi.jpg",
                          caption: "The Secretary General greets troops in Ādaži", embargo: zoned("2024-02-13T08:00:00Z")),
                    Asset(id: "adazi-doc", kind: .photo, title: "Fact sheet sent as a photo", url: "https://example.org/photos/factsheet",
                          contentType: "image/png"),
                  ]),
        ],
        assets: [
            Asset(id: "gallery", kind: .photo, title: "Photo gallery of the visit", url: "https://example.org/photos/gallery.htm",
                  credit: "NATO", rights: "Editorial use only", caption: "All photos of the visit"),
            Asset(id: "portrait", kind: .photo, title: "Official portrait", url: "https://example.org/photos/portrait.JPG?size=large"),
        ])

    /// A site of two kits, the second hostile, plus an entry whose file name is a script URL.
    static func site(extension: String) -> SiteIndex {
        let kit = manifest()
        let hostileKit = manifest(for: hostile, health: [:])
        return SiteIndex(asOf: kit.asOf, kits: [
            SiteIndex.Entry(manifest: kit, file: "steadfast-visit-2024.\(`extension`)"),
            SiteIndex.Entry(manifest: hostileKit, file: "hostile.\(`extension`)"),
            SiteIndex.Entry(manifest: hostileKit, file: "javascript:alert(1)"),
        ])
    }

    static let longTitle = String(repeating: "A very long title ", count: 278) + "END" // 5,007 characters

    /// Catalogue text written to break out: markup, quotes in attributes, script URLs in every
    /// disguise a browser accepts, Markdown links and tables, bidi overrides, emoji, huge titles.
    static let hostile = Event(
        id: "hostile", title: "<script>alert(1)</script> \"quoted\" & 'single' \u{202E}evil\u{202C} 🎉", type: .statement,
        start: day("2024-02-12"), places: ["<b>bold</b>"],
        summary: "[x](javascript:alert(1)) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)>\n# Not a heading\n1. Not a list",
        contacts: [Contact(name: "\" onmouseover=\"alert(1)", email: "a@example.org")],
        stories: [
            Story(id: "s", headline: "Pipe | in | headline ` backtick *stars* _under_", date: .day(day("2024-02-12")),
                  webstory: "javascript:alert(1)",
                  assets: [
                    Asset(id: "js", kind: .photo, title: "\" onerror=\"alert(1)", url: "JaVaScRiPt:alert(1)",
                          caption: "'><script>alert(2)</script>", contentType: "image/png"),
                    Asset(id: "tab", kind: .video, title: "Tabbed [x](javascript:alert(1))", url: " java\tscript:alert(1)"),
                    Asset(id: "data", kind: .photo, title: "Data", url: "data:image/svg+xml,<svg onload=alert(1)>"),
                    Asset(id: "vb", kind: .document, title: "VB", url: "\u{0}vbscript:msgbox(1)"),
                    Asset(id: "quote", kind: .document, title: "Quote in URL", url: "https://example.org/a\"onmouseover=\"alert(1)"),
                    Asset(id: "long", kind: .video, title: longTitle,
                          url: "https://example.org/" + String(repeating: "a", count: 3_000) + " (1)|x",
                          language: "ar\" onclick=\"x", shotlist: [Shot(at: "00:00|01", shot: "a | b\nc | d")]),
                    Asset(id: "rtl", kind: .photo, title: "\u{202E}gnp.exe 😀", url: "https://example.org/rtl.png", language: "ar"),
                  ]),
        ])

    static let checked = moment("2024-02-14T08:00:00Z")
    static let longAgo = moment("2024-01-02T08:00:00Z")

    static let representativeHealth: [String: LinkHealth] = [
        "https://example.org/news/tapa.htm": health("https://example.org/news/tapa.htm", .ok, status: 200, type: "text/html"),
        "https://example.org/media/tapa-b-roll.mp4": health("https://example.org/media/tapa-b-roll.mp4", .ok, status: 200,
                                                           type: "video/mp4", size: 412_000_000, media: MediaProperties(
                                                               format: "MP4", width: 1920, height: 1080, duration: 192.04,
                                                               frameRate: 25, videoCodec: "H.264", audioCodec: "AAC",
                                                               sampleRate: 48_000, channels: 2)),
        "https://example.org/media/tapa-commandant.mp4": health("https://example.org/media/tapa-commandant.mp4", .ok, status: 200,
                                                               type: "video/mp4", size: 12_400_000, at: longAgo),
        "https://example.org/media/old/press-point.mp4": health("https://example.org/media/old/press-point.mp4", .redirected,
                                                               status: 301, newURL: "https://example.org/media/press-point.mp4"),
        "https://example.org/photos/gone.jpg": health("https://example.org/photos/gone.jpg", .broken, status: 404),
        "https://example.org/photos/adazi.jpg": health("https://example.org/photos/adazi.jpg", .ok, status: 200,
                                                      type: "image/jpeg", size: 2_400_000,
                                                      media: MediaProperties(format: "JPEG", width: 800, height: 600)),
        "https://example.org/photos/factsheet": health("https://example.org/photos/factsheet", .ok, status: 200,
                                                      type: "application/pdf", size: 640_000),
        "https://example.org/photos/gallery.htm": health("https://example.org/photos/gallery.htm", .ok, status: 200,
                                                        type: "text/html; charset=utf-8"),
    ]

    /// `media`: what a probe of the file found (at the time of the check).
    static func health(_ url: String, _ verdict: LinkVerdict, status: Int? = nil, type: String? = nil, size: Int64? = nil,
                       newURL: String? = nil, at: Date = checked, media: MediaProperties? = nil) -> LinkHealth {
        LinkHealth(url: url, verdict: verdict, since: at, lastChecked: at, lastOK: verdict == .ok ? at : nil,
                   consecutiveFailures: verdict == .ok ? 0 : 1, httpStatus: status, contentType: type,
                   contentLength: size, newURL: newURL, certificateExpiry: nil,
                   media: media.map { MediaProbeRecord(properties: $0, note: nil, bytes: 40_000, probedAt: at) })
    }

    static func day(_ text: String) -> CalendarDate {
        guard let day = CalendarDate(iso: text) else { preconditionFailure("bad fixture date \(text)") }
        return day
    }

    static func zoned(_ text: String) -> ZonedDateTime {
        guard case .success(let value) = ZonedDateTime.parse(text) else { preconditionFailure("bad fixture time \(text)") }
        return value
    }

    static func moment(_ text: String) -> Date { Date(timeIntervalSince1970: Double(zoned(text).unixTime)) }
}
