import Catalogue
import LinkVocabulary
import MediaProbe

/// How a listing is printed: `table` for people, `json` and `csv` for programs and spreadsheets.
public enum ListingFormat: String, CaseIterable, Sendable {
    case table, json, csv
}

/// Renders `presskit events`, `assets` and `show` output. Pure functions of their input: no I/O.
public enum Listings {
    public static func events(_ summaries: [EventSummary], format: ListingFormat, width: Int? = nil) -> String {
        switch format {
        case .json:
            return JSONText.encode(EventsDocument(events: summaries.map(EventSummaryJSON.init)))
        case .csv:
            return CSV.render(
                header: ["id", "title", "type", "start", "end", "places", "tags", "stories", "assets"],
                rows: summaries.map { s in
                    [s.event.id, s.event.title, s.event.type.rawValue, s.event.start.description,
                     s.event.end?.description ?? "", s.event.places.joined(separator: "; "),
                     s.event.tags.joined(separator: "; "), String(s.storyCount), String(s.assetCount)]
                })
        case .table:
            guard !summaries.isEmpty else { return "No events.\n" }
            var table = TextTable([.init(header: "EVENT"), .init(header: "TYPE"), .init(header: "START"),
                                   .init(header: "END"), .init(header: "STORIES"), .init(header: "ASSETS"),
                                   .init(header: "TITLE", flexible: true)])
            for s in summaries {
                table.append([s.event.id, s.event.type.rawValue, s.event.start.description,
                              s.event.end?.description ?? "", String(s.storyCount), String(s.assetCount), s.event.title])
            }
            return table.render(maxWidth: width)
        }
    }

    static let assetCSVHeader = AssetJSON.csvKeys.map(\.stringValue)
    /// Appended to `assets` CSV rows: the link's health at its last check (empty when never checked).
    static let healthCSVHeader = ["verdict", "http_status", "served_type", "size", "last_checked"]

    static func healthCSV(_ health: LinkHealth?) -> [String] {
        guard let health else { return ["", "", "", "", ""] }
        return [health.verdict.rawValue, health.httpStatus.map(String.init) ?? "", health.contentType ?? "",
                health.contentLength.map(String.init) ?? "", Timestamp.text(health.lastChecked)]
    }

    static func csvRow(_ asset: Asset, event: String, story: String?) -> [String] {
        let json = AssetJSON(asset, event: event, story: story)
        return AssetJSON.csvKeys.map(json.csvCell)
    }

    /// Appended to `assets` CSV rows after the health: the file's last probe (empty when never probed).
    static let mediaCSVHeader = ["media_format", "width", "height", "duration", "frame_rate", "video_codec", "audio_codec",
                                 "sample_rate", "channels", "pages", "page_title", "probe_bytes", "off_spec"]

    static func mediaCSV(_ media: MediaProbeRecord?, offSpec: [String]) -> [String] {
        guard let media else { return Array(repeating: "", count: mediaCSVHeader.count) }
        let p = media.properties ?? MediaProperties()
        let text = { (value: (any CustomStringConvertible)?) in value.map(\.description) ?? "" }
        return [text(p.format), text(p.width), text(p.height), text(p.duration.map { ($0 * 1_000).rounded() / 1_000 }),
                text(p.frameRate), text(p.videoCodec), text(p.audioCodec), text(p.sampleRate), text(p.channels),
                text(p.pageCount), text(p.title), String(media.bytes), offSpec.joined(separator: "; ")]
    }

    /// `presskit assets`: `health` maps URLs to their state at the last check (missing: never checked);
    /// `expectations` are the link-check policy's, which the files' last probes are held to (`off-spec`).
    public static func assets(_ listed: [ListedAsset], event: String, health: [String: LinkHealth] = [:],
                              expectations: [AssetKind: MediaExpectation] = [:],
                              format: ListingFormat, width: Int? = nil) -> String {
        switch format {
        case .json:
            return String(decoding: assetsJSON(listed, event: event, health: health, expectations: expectations), as: UTF8.self)
        case .csv, .table:
            return assetsText(listed, event: event, health: health, expectations: expectations, format: format, width: width)
        }
    }

    /// `assets(…)` as UTF-8 bytes, the form a command writes out: the JSON listing straight from its
    /// writer, since making a `String` of it checks every byte again (a twentieth of a listing).
    public static func assetsUTF8(_ listed: [ListedAsset], event: String, health: [String: LinkHealth] = [:],
                                  expectations: [AssetKind: MediaExpectation] = [:],
                                  format: ListingFormat, width: Int? = nil) -> [UInt8] {
        switch format {
        case .json:
            return assetsJSON(listed, event: event, health: health, expectations: expectations)
        case .csv, .table:
            return Array(assetsText(listed, event: event, health: health, expectations: expectations, format: format, width: width).utf8)
        }
    }

    private static func shortfalls(_ item: ListedAsset, health: [String: LinkHealth], expectations: [AssetKind: MediaExpectation]) -> [String] {
        guard let properties = health[item.asset.url]?.media?.properties,
              let expectation = expectations[item.asset.kind] else { return [] }
        return expectation.shortfalls(properties, kind: item.asset.kind)
    }

    private static func assetsJSON(_ listed: [ListedAsset], event: String, health: [String: LinkHealth],
                                   expectations: [AssetKind: MediaExpectation]) -> [UInt8] {
        let document = AssetsDocument(event: event, assets: listed.map {
            var json = AssetJSON($0.asset, event: $0.eventID, story: $0.storyID)
            let h = health[$0.asset.url]
            json.health = h.map(HealthJSON.init)
            let item = $0
            json.media = h?.media.map { MediaJSON($0, offSpec: shortfalls(item, health: health, expectations: expectations)) }
            return json
        })
        // The same bytes as `JSONText.encode(document)`, written straight from the values (AssetsDocument+Writing.swift).
        return document.utf8 ?? Array(JSONText.encode(document).utf8)
    }

    private static func assetsText(_ listed: [ListedAsset], event: String, health: [String: LinkHealth],
                                   expectations: [AssetKind: MediaExpectation], format: ListingFormat, width: Int?) -> String {
        let offSpec = { (item: ListedAsset) -> [String] in shortfalls(item, health: health, expectations: expectations) }
        switch format {
        case .json:
            preconditionFailure("the JSON listing is written by assetsJSON")
        case .csv:
            return CSV.render(header: assetCSVHeader + healthCSVHeader + mediaCSVHeader, rows: listed.map {
                csvRow($0.asset, event: $0.eventID, story: $0.storyID) + healthCSV(health[$0.asset.url])
                    + mediaCSV(health[$0.asset.url]?.media, offSpec: offSpec($0))
            })
        case .table:
            guard !listed.isEmpty else { return "No assets.\n" }
            var table = TextTable([.init(header: "STORY"), .init(header: "KIND"), .init(header: "TITLE", flexible: true),
                                   .init(header: "HEALTH"), .init(header: "TYPE"), .init(header: "SIZE"),
                                   .init(header: "MEDIA"), .init(header: "CHECKED"), .init(header: "URL", flexible: true)])
            for item in listed {
                let h = health[item.asset.url]
                var verdict = h.map { [$0.verdict.rawValue, $0.httpStatus.map(String.init)].compactMap { $0 }.joined(separator: " ") }
                if verdict != nil, !offSpec(item).isEmpty { verdict! += ", off-spec" }
                table.append([item.storyID ?? "(event)", item.asset.kind.rawValue, item.asset.title,
                              verdict ?? LinkFlag.unchecked.rawValue, h?.contentType.map { String($0.split(separator: ";")[0]) } ?? "",
                              h?.contentLength.map(ByteSize.text) ?? "", MediaSummary.line(h?.media?.properties, size: nil),
                              h.map { String(Timestamp.text($0.lastChecked).prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? "",
                              item.asset.url])
            }
            let stories = Set(listed.compactMap(\.storyID)).count
            return table.render(maxWidth: width)
                + "\(listed.count) asset\(listed.count == 1 ? "" : "s") in \(stories) stor\(stories == 1 ? "y" : "ies")\n"
        }
    }

    /// `presskit show`: the event, its contacts, its stories and their assets.
    public static func show(_ event: Event, format: ListingFormat, width: Int? = nil) -> String {
        switch format {
        case .json:
            return JSONText.encode(EventDocument(event: EventJSON(event)))
        case .csv:
            let rows = event.assets.map { csvRow($0, event: event.id, story: nil) }
                + event.stories.flatMap { story in story.assets.map { csvRow($0, event: event.id, story: story.id) } }
            return CSV.render(header: assetCSVHeader, rows: rows)
        case .table:
            return showText(event, width: width)
        }
    }

    private static func showText(_ event: Event, width: Int?) -> String {
        let clean = TerminalText.sanitize
        var out = "\(clean(event.title))\n"
        let dates = event.end.map { "\(event.start) – \($0)" } ?? event.start.description
        out += "  \(event.id) · \(event.type.rawValue) · \(dates)\n"
        if !event.places.isEmpty { out += "  Places: \(clean(event.places.joined(separator: ", ")))\n" }
        if !event.tags.isEmpty { out += "  Tags: \(clean(event.tags.joined(separator: ", ")))\n" }
        if let summary = event.summary { out += "\n  \(clean(summary))\n" }
        if !event.contacts.isEmpty {
            out += "\nContacts\n"
            for c in event.contacts {
                let details = [c.role, c.email, c.phone].compactMap { $0 }.map(clean).joined(separator: " · ")
                out += "  \(clean(c.name))\(details.isEmpty ? "" : " — \(details)")\n"
            }
        }
        if !event.assets.isEmpty {
            out += "\nEvent-wide assets\n"
            out += indented(assetRows(event.assets, width: width))
        }
        for story in event.stories {
            out += "\n\(story.date.day)  \(clean(story.headline))\n"
            let details = [story.id, story.place].compactMap { $0 }.map(clean)
                + (story.people.isEmpty ? [] : [clean(story.people.joined(separator: ", "))])
            out += "  \(details.joined(separator: " · "))\n"
            if let webstory = story.webstory { out += "  Webstory: \(clean(webstory))\n" }
            if !story.assets.isEmpty { out += indented(assetRows(story.assets, width: width)) }
        }
        return out
    }

    private static func assetRows(_ assets: [Asset], width: Int?) -> String {
        var table = TextTable([.init(header: "KIND"), .init(header: "TITLE", flexible: true), .init(header: "LANG"),
                               .init(header: "URL", flexible: true)])
        for asset in assets { table.append([asset.kind.rawValue, asset.title, asset.language ?? "", asset.url]) }
        return table.render(maxWidth: width.map { $0 - 2 })
    }

    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
}
