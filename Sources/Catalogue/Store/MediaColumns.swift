import Foundation
import GRDB
import MediaProbe

/// The probe's columns of `link_check` (migration v6), in one place: their names in order, how a
/// record is bound into them and read back out of a row by index.
enum MediaColumns {
    /// In this order after the history row's own columns; `media_bytes` is set exactly when the check probed.
    static let names = [
        "media_bytes", "media_note", "media_format", "width", "height", "duration", "frame_rate", "video_codec",
        "audio_codec", "sample_rate", "channels", "pages", "page_title", "og_title", "og_description", "og_image",
        "canonical_url",
    ]

    /// Binds `probe` to the parameters from `first` on (all NULL without a probe).
    static func bind(_ probe: MediaProbeRecord?, to statement: RawStatement, from first: Int32) {
        let p = probe?.properties
        statement.bind(first, probe?.bytes)
        statement.bind(first + 1, probe?.note)
        statement.bind(first + 2, p?.format)
        statement.bind(first + 3, p?.width)
        statement.bind(first + 4, p?.height)
        statement.bind(first + 5, p?.duration)
        statement.bind(first + 6, p?.frameRate)
        statement.bind(first + 7, p?.videoCodec)
        statement.bind(first + 8, p?.audioCodec)
        statement.bind(first + 9, p?.sampleRate)
        statement.bind(first + 10, p?.channels)
        statement.bind(first + 11, p?.pageCount)
        statement.bind(first + 12, p?.title)
        statement.bind(first + 13, p?.openGraphTitle)
        statement.bind(first + 14, p?.openGraphDescription)
        statement.bind(first + 15, p?.openGraphImage)
        statement.bind(first + 16, p?.canonicalURL)
    }

    /// `names` qualified by a table alias, for a SELECT list.
    static func selectList(_ alias: String) -> String {
        names.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// `read(_:from:probedAt:)` for the current row of a raw statement.
    static func read(_ row: RawStatement, from first: Int32, probedAt: String?) -> MediaProbeRecord? {
        guard let bytes = row.int(first), let probedAt else { return nil }
        var p = MediaProperties()
        p.format = row.text(first + 2)
        p.width = row.int(first + 3)
        p.height = row.int(first + 4)
        p.duration = row.double(first + 5)
        p.frameRate = row.double(first + 6)
        p.videoCodec = row.text(first + 7)
        p.audioCodec = row.text(first + 8)
        p.sampleRate = row.int(first + 9)
        p.channels = row.int(first + 10)
        p.pageCount = row.int(first + 11)
        p.title = row.text(first + 12)
        p.openGraphTitle = row.text(first + 13)
        p.openGraphDescription = row.text(first + 14)
        p.openGraphImage = row.text(first + 15)
        p.canonicalURL = row.text(first + 16)
        return MediaProbeRecord(properties: p == MediaProperties() ? nil : p, note: row.text(first + 1), bytes: bytes,
                                probedAt: Timestamp.date(probedAt))
    }

    /// The record in `row` from column `first` on (as `selectList` put them), with `probedAt` the
    /// probing check's time; nil when that check did not probe.
    static func read(_ row: Row, from first: Int, probedAt: String?) -> MediaProbeRecord? {
        guard let bytes = row[first] as Int?, let probedAt else { return nil }
        var p = MediaProperties()
        p.format = row[first + 2]
        p.width = row[first + 3]
        p.height = row[first + 4]
        p.duration = row[first + 5]
        p.frameRate = row[first + 6]
        p.videoCodec = row[first + 7]
        p.audioCodec = row[first + 8]
        p.sampleRate = row[first + 9]
        p.channels = row[first + 10]
        p.pageCount = row[first + 11]
        p.title = row[first + 12]
        p.openGraphTitle = row[first + 13]
        p.openGraphDescription = row[first + 14]
        p.openGraphImage = row[first + 15]
        p.canonicalURL = row[first + 16]
        return MediaProbeRecord(properties: p == MediaProperties() ? nil : p, note: row[first + 1], bytes: bytes,
                                probedAt: Timestamp.date(probedAt))
    }
}
