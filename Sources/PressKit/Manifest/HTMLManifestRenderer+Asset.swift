import Catalogue
import Foundation

/// One asset on the kit page: what it is, whether its link works, what a journalist may do with
/// it, and the broadcast details a video desk needs.
extension HTMLPage {
    mutating func asset(_ asset: KitAsset, anchor: String) {
        let titleID = "\(anchor)-title"
        let language = KitWording.languageTag(asset.language)
        raw("<article class=\"asset\" id=\"\(anchor)\" aria-labelledby=\"\(titleID)\">\n")
        if isLocalized {
            // In a kit asked for in a language, the title is in that language (or says its own).
            raw("<h4 id=\"\(titleID)\" \(textDirection(.asset(asset.id), .title))>")
        } else {
            raw("<h4 id=\"\(titleID)\" dir=\"auto\"")
            if let language { raw(" lang=\"\(HTMLEscaping.text(language))\"") }
            raw(">")
        }
        put(asset.title)
        raw("</h4>\n")
        if let src = photoSource(asset) {
            // Alt text is what the photo shows (the caption) or, lacking one, its title; it is also
            // what a journalist sees when the image cannot load.
            raw("<img class=\"thumb\" src=\"\(HTMLEscaping.text(src))\" loading=\"lazy\" alt=\"")
            put(asset.caption ?? asset.title)
            raw("\">\n")
        }
        raw("<p class=\"health\"><span class=\"vh\">Link health: </span>")
        health(asset.health, flags: asset.flags)
        raw("</p>\n")
        if let caption = asset.caption {
            raw("<p class=\"caption\" \(textDirection(.asset(asset.id), .caption))>")
            put(caption)
            raw("</p>\n")
        }
        facts(asset)
        if !asset.shotlist.isEmpty { shotList(asset.shotlist, anchor: anchor, asset: asset.id) }
        // The link's accessible name is "Download" plus the title, so a list of links still says
        // which asset each one fetches.
        raw("<p class=\"download\">")
        link(asset.url, label: "Download", attributes: " id=\"\(anchor)-download\" aria-labelledby=\"\(anchor)-download \(titleID)\"")
        raw("</p>\n</article>")
    }

    private mutating func facts(_ asset: KitAsset) {
        raw("<dl class=\"facts\">\n")
        term("Kind")
        raw("\(asset.kind.rawValue)</dd>\n")
        // "1920×1080 · 3:12 · H.264 · 412 MB" once the file was probed, else its size alone.
        let file = MediaSummary.line(asset.media?.properties, size: asset.size)
        if !file.isEmpty {
            term(asset.media == nil ? "Size" : "File")
            put(file)
            raw("</dd>\n")
        }
        fact("Type", asset.contentType)
        fact("Language", asset.language)
        fact("Credit", asset.credit)
        fact("Rights", asset.rights)
        if let embargo = asset.embargo {
            term("Embargo lifted")
            time(embargo)
            raw("</dd>\n")
        }
        if let filmed = asset.filmed {
            term("Filmed")
            time(filmed)
            raw("</dd>\n")
        }
        fact("Location", asset.location)
        if let synopsis = asset.synopsis {
            term("Synopsis")
            raw("<span \(textDirection(.asset(asset.id), .synopsis))>")
            put(synopsis)
            raw("</span></dd>\n")
        }
        if !asset.speakers.isEmpty {
            term("Speakers")
            speakers(asset.speakers)
            raw("</dd>\n")
        }
        raw("</dl>\n")
    }

    private mutating func shotList(_ shots: [Shot], anchor: String, asset: String) {
        raw("<table class=\"shots\">\n<caption>Shot list</caption>\n")
        raw("<thead><tr><th scope=\"col\">Timecode</th><th scope=\"col\">Shot</th></tr></thead>\n<tbody>\n")
        for (number, shot) in shots.enumerated() {
            raw("<tr><td>")
            put(shot.at)
            raw("</td><td \(textDirection(.asset(asset), .shot(number)))>")
            put(shot.shot)
            raw("</td></tr>\n")
        }
        raw("</tbody>\n</table>\n")
    }

    /// The photo's own URL when it serves an image: by its content type, or — when the type is
    /// unknown — by its file extension. Gallery pages (`text/html`) are linked, never embedded.
    func photoSource(_ asset: KitAsset) -> String? {
        guard asset.kind == .photo, let src = WebLink.http(asset.url) else { return nil }
        if let type = asset.contentType {
            return type.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("image/") ? src : nil
        }
        return WebLink.looksLikeImage(src) ? src : nil
    }

    /// Speakers by name, each with the language they speak in brackets when the catalogue gives it.
    mutating func speakers(_ speakers: [Speaker]) {
        for (n, speaker) in speakers.enumerated() {
            if n > 0 { raw(", ") }
            bdi(speaker.name)
            if let language = speaker.language {
                raw(" (")
                put(language)
                raw(")")
            }
        }
    }
}
