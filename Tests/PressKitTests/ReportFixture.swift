import Catalogue
import Foundation
import TestSupport
import LinkVocabulary
@testable import PressKit

/// A catalogue of two events in a temporary store, with a history recorded by hand: no network.
///
/// Before the period (2024-02-01): everything works but gone.jpg and video.mp4 (404), and the file
/// at broll.mp4 is ETag v1. In the period (2024-02-02): photo.jpg (used by both events) breaks,
/// video.mp4 recovers, the speech moves to /new/, the b-roll is replaced (v2), gone.jpg is still
/// broken, and the web story's certificate now expires in 10 days.
struct ReportFixture {
    static let t0 = Timestamp.date("2024-02-01T00:00:00.000Z")
    static let periodStart = t0.addingTimeInterval(3_600)
    static let until = t0.addingTimeInterval(2 * 86_400)
    static let site = "https://example.org"

    let folder: TemporaryDirectory
    let store: CatalogueStore
    let summitFile: String

    init() throws {
        folder = try TemporaryDirectory()
        summitFile = try folder.write("Catalog/summit.yaml", """
            event: {id: summit-2024, title: Summit 2024, type: summit, start: 2024-02-01}
            assets:
              - {id: summit-photo, kind: photo, title: Family photo, url: "\(Self.site)/photo.jpg"}
              - {id: summit-gone, kind: photo, title: Gone portrait, url: "\(Self.site)/gone.jpg"}
              - {id: summit-video, kind: video, title: Press conference, url: "\(Self.site)/video.mp4"}
              - {id: summit-speech, kind: transcript, title: Opening speech, url: "\(Self.site)/old/speech.htm"}
              - {id: summit-broll, kind: b-roll, title: Arrivals, url: "\(Self.site)/broll.mp4"}
            stories:
              - id: summit-day1
                headline: Leaders meet
                date: 2024-02-01
                webstory: \(Self.site)/news/day1.htm

            """)
        try folder.write("Catalog/visit.yaml", """
            event: {id: visit-2024, title: Visit 2024, type: visit, start: 2024-02-02}
            assets:
              - {id: visit-photo, kind: photo, title: Same family photo, url: "\(Self.site)/photo.jpg"}
              - {id: visit-other, kind: photo, title: Other photo, url: "\(Self.site)/other.jpg"}

            """)
        let database = folder.path("report.sqlite")
        _ = try CatalogueImport.run([folder.path("Catalog")], databasePath: database)
        store = try CatalogueStore(path: database, access: .update)

        try store.record([
            Self.check("/photo.jpg", hours: 0, .ok),
            Self.check("/gone.jpg", hours: 0, .broken, status: 404),
            Self.check("/video.mp4", hours: 0, .broken, status: 404),
            Self.check("/old/speech.htm", hours: 0, .ok),
            Self.check("/broll.mp4", hours: 0, .ok, etag: "\"v1\"", size: 100),
            Self.check("/news/day1.htm", hours: 0, .ok, certificateExpiry: Self.until.addingTimeInterval(365 * 86_400)),
            Self.check("/other.jpg", hours: 0, .ok),
        ], run: "before")
        try store.record([
            Self.check("/photo.jpg", hours: 32, .ok),
            Self.check("/photo.jpg", hours: 44, .broken, status: 404),
            Self.check("/gone.jpg", hours: 32, .broken, status: 404),
            Self.check("/video.mp4", hours: 32, .ok),
            Self.check("/old/speech.htm", hours: 32, .redirected, status: 301, newURL: Self.site + "/new/speech.htm"),
            Self.check("/broll.mp4", hours: 32, .ok, etag: "\"v2\"", size: 120),
            Self.check("/news/day1.htm", hours: 32, .ok, certificateExpiry: Self.until.addingTimeInterval(10 * 86_400 + 60)),
            Self.check("/other.jpg", hours: 32, .ok),
        ], run: "period")
    }

    static func check(_ path: String, hours: Double, _ verdict: LinkVerdict, status: Int? = 200, etag: String? = nil,
                      size: Int64? = nil, newURL: String? = nil, certificateExpiry: Date? = nil) -> LinkCheck {
        LinkCheck(url: site + path, checkedAt: t0.addingTimeInterval(hours * 3_600), verdict: verdict,
                  newURL: newURL, httpStatus: status,
                  contentType: path.hasSuffix(".htm") ? "text/html" : nil, contentLength: size, etag: etag,
                  certificateExpiry: certificateExpiry)
    }

    func report(event: String? = nil, since: Date? = periodStart, mark: Date? = nil) throws -> LinkReport {
        let builder = LinkReportBuilder(linkPolicy: LinkCheckPolicy(), kitPolicy: PressKitPolicy())
        return try builder.report(from: store, event: event,
                                  period: LinkReportBuilder.Period(since: since, mark: mark, until: Self.until))
    }

    func remove() { folder.remove() }
}

extension LinkReport {
    /// The URLs of one kind of change, without the fixture's site.
    func urls(_ kind: ChangeDigest.Kind) -> [String] {
        changes(kind).map { $0.item.url.replacingOccurrences(of: ReportFixture.site, with: "") }
    }
}
