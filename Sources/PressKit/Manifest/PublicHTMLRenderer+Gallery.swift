import Catalogue

/// A story's material as a journalist browses it: photos as a grid of thumbnails, video, b-roll,
/// soundbites and audio as cards with a poster and their running facts, transcripts, documents and
/// pages as a list. Every item ends in a download button that says the file's format and size.
extension HTMLPage {
    /// - Parameter poster: the story whose web page lends its `og:image` to videos without a thumbnail.
    mutating func gallery(_ groups: [KitAssetGroup], kit: PublicKitFacts, poster story: KitStory?, index: inout Int) {
        for group in groups {
            raw("<h3>\(words.heading(group.kind))</h3>\n")
            switch group.kind {
            case .photo: raw("<ul class=\"photos\">\n")
            case .video, .bRoll, .soundbite, .audio: raw("<ul class=\"cards\">\n")
            case .transcript, .document, .webstory: raw("<ul class=\"docs\">\n")
            }
            for asset in group.assets {
                let anchor = KitWording.anchor(index)
                index += 1
                switch group.kind {
                case .photo: photo(asset, anchor: anchor, kit: kit)
                case .video, .bRoll, .soundbite, .audio:
                    card(asset, anchor: anchor, kit: kit, poster: PublicKitFacts.poster(asset, story: story))
                case .transcript, .document, .webstory: document(asset, anchor: anchor, kit: kit)
                }
            }
            raw("</ul>\n")
        }
    }

    private mutating func photo(_ asset: KitAsset, anchor: String, kit: PublicKitFacts) {
        raw("<li class=\"photo\" id=\"\(anchor)\">\n<figure>\n")
        if let src = PublicKitFacts.photoSource(asset) {
            // Alt text is what the photo shows (the caption) or its title. Width and height from the
            // probe reserve the space before the image loads, so nothing jumps.
            raw("<img src=\"\(HTMLEscaping.text(src))\" loading=\"lazy\" alt=\"")
            put(asset.caption ?? asset.title)
            raw("\"")
            if let width = asset.media?.width, let height = asset.media?.height, width > 0, height > 0 {
                raw(" width=\"\(width)\" height=\"\(height)\"")
            }
            raw(">\n")
        } else {
            placeholder(.photo)
        }
        raw("<figcaption><h4 id=\"\(anchor)-title\" \(titleAttributes(asset))>")
        put(asset.title)
        raw("</h4>")
        if let caption = asset.caption {
            raw("<p \(textDirection(.asset(asset.id), .caption))>")
            put(caption)
            raw("</p>")
        }
        raw("</figcaption>\n</figure>\n")
        ownRights(asset, kit: kit)
        download(asset, anchor: anchor, kit: kit)
        raw("</li>\n")
    }

    private mutating func card(_ asset: KitAsset, anchor: String, kit: PublicKitFacts, poster: String?) {
        raw("<li class=\"card\" id=\"\(anchor)\">\n")
        if let poster {
            raw("<img class=\"poster\" src=\"\(HTMLEscaping.text(poster))\" loading=\"lazy\" alt=\"\">\n")
        } else {
            placeholder(asset.kind)
        }
        raw("<div class=\"body\">\n<h4 id=\"\(anchor)-title\" \(titleAttributes(asset))>")
        put(asset.title)
        raw("</h4>\n")
        let line = KitWording.videoLine(asset.media, size: asset.size, words: words)
        if !line.isEmpty {
            raw("<p class=\"spec\">")
            put(line)
            raw("</p>\n")
        }
        if let caption = asset.caption {
            raw("<p \(textDirection(.asset(asset.id), .caption))>")
            put(caption)
            raw("</p>\n")
        }
        if !asset.speakers.isEmpty {
            raw("<p><strong>\(words[.speakers])</strong> ")
            speakers(asset.speakers)
            raw("</p>\n")
        }
        whereAndWhen(asset)
        if let synopsis = asset.synopsis {
            raw("<details><summary>\(words[.synopsis])</summary><p \(textDirection(.asset(asset.id), .synopsis))>")
            put(synopsis)
            raw("</p></details>\n")
        }
        if !asset.shotlist.isEmpty {
            raw("<details><summary>\(words[.shotList])</summary>\n<table class=\"shots\">\n<thead><tr><th scope=\"col\">\(words[.time])</th><th scope=\"col\">\(words[.shot])</th></tr></thead>\n<tbody>\n")
            for (number, shot) in asset.shotlist.enumerated() {
                raw("<tr><td>")
                put(shot.at)
                raw("</td><td \(textDirection(.asset(asset.id), .shot(number)))>")
                put(shot.shot)
                raw("</td></tr>\n")
            }
            raw("</tbody>\n</table>\n</details>\n")
        }
        ownRights(asset, kit: kit)
        download(asset, anchor: anchor, kit: kit)
        raw("</div>\n</li>\n")
    }

    private mutating func document(_ asset: KitAsset, anchor: String, kit: PublicKitFacts) {
        raw("<li class=\"doc\" id=\"\(anchor)\">\n<h4 id=\"\(anchor)-title\" \(titleAttributes(asset))>")
        put(asset.title)
        raw("</h4>\n")
        if let versions = versions[asset.id] {
            raw("<p class=\"spec\">\(words.heading(asset.kind))")
            for tag in versions {
                raw(" · <span lang=\"\(HTMLEscaping.text(tag))\">")
                put(KitWords.nativeName(tag))
                raw("</span>")
            }
            raw("</p>\n")
        }
        var facts: [String] = []
        if let language = asset.language { facts.append(words[.language] + language) }
        if let pages = asset.media?.pages { facts.append("\(pages) \(words[pages == 1 ? .page : .pages])") }
        if !facts.isEmpty {
            raw("<p class=\"spec\">")
            put(facts.joined(separator: " · "))
            raw("</p>\n")
        }
        if let caption = asset.caption {
            raw("<p \(textDirection(.asset(asset.id), .caption))>")
            put(caption)
            raw("</p>\n")
        }
        ownRights(asset, kit: kit)
        download(asset, anchor: anchor, kit: kit)
        raw("</li>\n")
    }

    private mutating func whereAndWhen(_ asset: KitAsset) {
        guard asset.filmed != nil || asset.location != nil else { return }
        raw("<p class=\"meta\">")
        if let filmed = asset.filmed {
            raw(words[.filmed])
            time(filmed, text: words.humanMoment(filmed))
        }
        if let location = asset.location {
            raw(asset.filmed == nil ? "" : " · ")
            bdi(location)
        }
        raw("</p>\n")
    }

    private mutating func ownRights(_ asset: KitAsset, kit: PublicKitFacts) {
        guard let own = kit.own(asset) else { return }
        raw("<div class=\"own-rights\">\n")
        creditAndRights(own, labelRights: true)
        raw("</div>\n")
    }

    /// "Download MP4 · 412 MB" with the `download` attribute ("Open Web page" for a page); its
    /// accessible name includes the title. Printed, the button gives way to its URL in full (the
    /// print style sheet writes `attr(href)`).
    /// With a local copy (`kit.localFiles`) the button fetches it and the original URL follows.
    private mutating func download(_ asset: KitAsset, anchor: String, kit: PublicKitFacts) {
        let format = KitWording.fileFormat(asset)
        let shownFormat = format == "Web page" ? words[.webPage] : format == "Text" ? words[.plainText] : format
        let facts = [shownFormat, asset.size.flatMap { $0 >= 0 ? words.size(ByteSize.text($0)) : nil }]
            .compactMap { $0 }.joined(separator: " · ")
        let local = kit.localFiles[asset.url]
        guard let href = local ?? WebLink.http(asset.url) else {
            raw("<p class=\"unlinked\">\(words[.notAWebLink])<code>")
            put(asset.url)
            raw("</code></p>\n")
            return
        }
        // A web page (a photo gallery, a transcript online) is opened, not downloaded.
        let isPage = format == "Web page"
        // The accessible name is the button's words then the title ("Download MP4 · 412 MB B-roll:
        // arrival in Tapa"), by reference rather than by repeating the title.
        // Piece by piece rather than one interpolation: a string built and copied again, per asset.
        raw("<p class=\"download\"><a class=\"button\" href=\"")
        put(href)
        raw(isPage ? "\" rel=\"noopener noreferrer\" id=\"" : "\" download rel=\"noopener noreferrer\" id=\"")
        raw(anchor)
        raw("-get\" aria-labelledby=\"")
        raw(anchor)
        raw("-get ")
        raw(anchor)
        raw(isPage ? "-title\">" + words[.open] : "-title\">" + words[.download])
        if !facts.isEmpty {
            raw(" <span class=\"file\">")
            put(facts)
            raw("</span>")
        }
        raw("</a></p>\n")
        guard local != nil else { return }
        raw("<p class=\"original\">\(words[.original])")
        if let original = WebLink.http(asset.url) {
            raw("<a href=\"")
            put(original)
            raw("\" rel=\"noopener noreferrer\">")
            put(asset.url)
            raw("</a>")
        } else {
            raw("<code>")
            put(asset.url)
            raw("</code>")
        }
        raw("</p>\n")
    }

    /// A title's `dir` and `lang`: in a kit asked for in a language, the title's own when it fell back (else the
    /// page's); otherwise, as before languages, the file's.
    private func titleAttributes(_ asset: KitAsset) -> String {
        if isLocalized { return textDirection(.asset(asset.id), .title) }
        return "dir=\"auto\"" + (KitWording.languageTag(asset.language).map { " lang=\"\(HTMLEscaping.text($0))\"" } ?? "")
    }

    /// A neutral stand-in for a missing image, drawn by kind: no request, nothing to break.
    mutating func placeholder(_ kind: AssetKind) {
        raw("<svg class=\"poster placeholder\" viewBox=\"0 0 160 90\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"160\" height=\"90\" fill=\"#e4e8ec\"/>")
        raw(Self.placeholderGlyph(kind))
        raw("</svg>\n")
    }

    static func placeholderGlyph(_ kind: AssetKind) -> String {
        switch kind {
        case .video, .bRoll:
            "<circle cx=\"80\" cy=\"45\" r=\"22\" fill=\"#5a6470\"/><path d=\"M73 33v24l20-12z\" fill=\"#e4e8ec\"/>"
        case .soundbite:
            "<rect x=\"72\" y=\"22\" width=\"16\" height=\"30\" rx=\"8\" fill=\"#5a6470\"/><path d=\"M64 44a16 16 0 0 0 32 0M80 60v10M70 70h20\" stroke=\"#5a6470\" stroke-width=\"4\" fill=\"none\"/>"
        case .audio:
            "<path d=\"M50 45h8M66 30v30M74 22v46M82 34v22M90 26v38M98 38v14M106 45h8\" stroke=\"#5a6470\" stroke-width=\"5\" stroke-linecap=\"round\"/>"
        case .photo:
            "<path d=\"M40 72l26-30 18 20 12-12 24 22z\" fill=\"#5a6470\"/><circle cx=\"110\" cy=\"28\" r=\"8\" fill=\"#5a6470\"/>"
        case .transcript, .document, .webstory:
            "<path d=\"M64 16h26l10 10v48H64z\" fill=\"#5a6470\"/><path d=\"M70 38h24M70 48h24M70 58h18\" stroke=\"#e4e8ec\" stroke-width=\"3\"/>"
        }
    }
}
