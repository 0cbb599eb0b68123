import MediaProbe

/// A probed file's properties in one line for people: "1920×1080 · 3:12 · H.264 · 412 MB".
///
/// The same words in the `assets` table, check reports and the HTML and Markdown kits. Pure: the
/// properties and the file's size in, text out.
public enum MediaSummary {
    /// What a journalist weighs before downloading, most telling first: picture size, running time,
    /// codec (audio details for audio-only files, page count for documents), format when nothing
    /// else names the file, and size. Empty when nothing is known.
    public static func line(_ properties: MediaProperties?, size: Int64?) -> String {
        var parts: [String] = []
        if let properties {
            if let width = properties.width, let height = properties.height { parts.append("\(width)×\(height)") }
            if let duration = properties.duration { parts.append(clock(duration)) }
            if let pages = properties.pageCount { parts.append(pages == 1 ? "1 page" : "\(pages) pages") }
            if let video = properties.videoCodec {
                parts.append(video)
            } else if let audio = properties.audioCodec ?? (properties.sampleRate != nil ? properties.format : nil) {
                parts.append(audio)
                if let rate = properties.sampleRate { parts.append(kilohertz(rate)) }
                if let channels = properties.channels { parts.append(channelWord(channels)) }
            } else if let format = properties.format {
                parts.append(format)
            }
        }
        if let size, size >= 0 { parts.append(ByteSize.text(size)) }
        return parts.joined(separator: " · ")
    }

    /// Running time as a clock: 0:45, 3:12, 1:02:03 (rounded to the second).
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3_600, total / 60 % 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
    }

    /// 48 kHz, 44.1 kHz, 22.05 kHz.
    static func kilohertz(_ rate: Int) -> String {
        var text = String(Double(rate) / 1_000)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return "\(text) kHz"
    }

    static func channelWord(_ channels: Int) -> String {
        switch channels {
        case 1: "mono"
        case 2: "stereo"
        default: "\(channels) channels"
        }
    }
}
