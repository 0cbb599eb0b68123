import Catalogue
import MediaProbe
import StrictYAML

/// Dates, times and file facts as a journalist reads them on the public page. The staff page and the
/// machine formats keep the exact ISO forms; the public page puts those in `datetime` attributes.
extension KitWording {
    /// An event's days as people write them in English: "19 November 2023", "19–22 November 2023",
    /// "30 November – 2 December 2023", "31 December 2023 – 2 January 2024". Text that is not a
    /// date comes back as written. Other languages: `KitWords.humanDates`, which this is.
    static func humanDates(start: String, end: String?) -> String { KitWords.english.humanDates(start: start, end: end) }

    /// A story's date or a lift time in English: "20 November 2023", or "20 November 2023, 09:00
    /// UTC+01:00" in the zone the office wrote.
    static func humanMoment(_ text: String) -> String { KitWords.english.humanMoment(text) }

    /// A video's line on its card: "1080p · 3:12 · H.264 · 412 MB"; the picture named by its lines
    /// (the shorter side), as broadcasters do. Empty when nothing is known.
    static func videoLine(_ media: KitMedia?, size: Int64?, words: KitWords = .english) -> String {
        var parts: [String] = []
        if let media {
            if let width = media.width, let height = media.height { parts.append("\(min(width, height))p") }
            if let duration = media.duration { parts.append(MediaSummary.clock(duration)) }
            if let codec = media.videoCodec ?? media.audioCodec { parts.append(codec) }
        }
        if let size, size >= 0 { parts.append(words.size(ByteSize.text(size))) }
        return parts.joined(separator: " · ")
    }

    /// What a download button says of the file: "MP4 · 412 MB", "PDF", "412 MB", or nothing known.
    static func fileFacts(_ asset: KitAsset, format: String?) -> String {
        [format, asset.size.flatMap { $0 >= 0 ? ByteSize.text($0) : nil }]
            .compactMap { $0 }.joined(separator: " · ")
    }

    /// The file's format by its probe, else by its content type (`video/mp4` → MP4), else nil.
    static func fileFormat(_ asset: KitAsset) -> String? {
        if let format = asset.media?.format { return format }
        guard let contentType = asset.contentType else { return nil }
        // Nearly every stored type is already bare (`video/mp4`): no parameters, spaces or capitals to
        // take off, so it is read as it is rather than split, trimmed and lowercased for every asset.
        let type = contentType.utf8.allSatisfy(isBareTypeByte) ? contentType
            : contentType.split(separator: ";").first.map({ String($0).trimmedWhitespace.lowercased() }) ?? ""
        guard let slash = type.firstIndex(of: "/") else { return nil }
        let subtype = type[type.index(after: slash)...]
        switch subtype {
        case "html", "xhtml+xml": return "Web page"
        case "plain": return "Text"
        case "mpeg": return type.hasPrefix("audio") ? "MP3" : "MPEG"
        case "quicktime": return "MOV"
        case "zip": return "ZIP"
        case "octet-stream", "": return nil
        default:
            let name = subtype.split(separator: "+").first.map(String.init) ?? String(subtype)
            return name.count <= 5 ? name.uppercased() : nil
        }
    }

    private static func isBareTypeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."): true
        default: false
        }
    }

    /// Durations in ISO 8601 (`PT3M12S`), as schema.org wants them.
    static func isoDuration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3_600, total / 60 % 60, total % 60)
        var text = "PT"
        if hours > 0 { text += "\(hours)H" }
        if minutes > 0 { text += "\(minutes)M" }
        if rest > 0 || total == 0 { text += "\(rest)S" }
        return text
    }
}
