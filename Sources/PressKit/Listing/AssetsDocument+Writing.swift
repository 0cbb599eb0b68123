import Catalogue

// `presskit assets --format json` written straight from its values through `KitJSON.Writer`'s
// streaming calls, rather than through the types' `encode(to:)` (a keyed container type per key
// type and every value boxed: 6.8 M of the listing's 34 M instructions for 100 assets) or a tree of
// nodes built, sorted and freed (3 M). The keys are the `CodingKey`s the encoder would use, written
// in its sorted order, and ListingsTests holds the document to `JSONEncoder`'s bytes for assets with
// every field, health and media.

extension AssetsDocument {
    /// The document's bytes, as pretty `JSONEncoder` with sorted keys writes them; nil when a probe's
    /// value is one that only `JSONEncoder` writes (a non-finite number), for which the caller
    /// encodes the document the general way.
    var utf8: [UInt8]? {
        // Media is rare in listings (only probed files) and holds doubles: KitJSON's encoder decides.
        var media: [KitJSON.Node?] = []
        media.reserveCapacity(assets.count)
        for asset in assets {
            guard let probe = asset.media else { media.append(nil); continue }
            guard let node = try? KitJSON.tree(probe) else { return nil }
            media.append(node)
        }
        var writer = KitJSON.Writer(pretty: true)
        writer.bytes.reserveCapacity(1 << 17)
        var document = writer.open(.object, indent: 0)
        writer.key("assets", in: &document)
        var list = writer.open(.array, indent: 1)
        for (asset, probe) in zip(assets, media) {
            writer.next(in: &list)
            asset.write(to: &writer, indent: 2, media: probe)
        }
        writer.close(list)
        writer.key("event", in: &document)
        writer.string(event)
        writer.key("schema", in: &document)
        writer.string(schema)
        writer.close(document)
        writer.bytes.append(UInt8(ascii: "\n"))
        return writer.bytes
    }
}

extension AssetJSON {
    /// The keys in the order written: by their bytes, as `JSONEncoder`'s `sortedKeys`.
    private static let written = Key.all.sorted { ByteOrder.precedes($0.stringValue, $1.stringValue) }

    /// What `encode(to:)` writes, with `media` already made a node.
    func write(to writer: inout KitJSON.Writer, indent: Int, media: KitJSON.Node?) {
        var object = writer.open(.object, indent: indent)
        for key in Self.written {
            switch key {
            case .event:
                writer.key(key.stringValue, in: &object)
                writer.string(event)
            case .story:
                guard let story else { continue }
                writer.key(key.stringValue, in: &object)
                writer.string(story)
            case .health:
                guard let health else { continue }
                writer.key(key.stringValue, in: &object)
                health.write(to: &writer, indent: indent + 1)
            case .media:
                guard let media else { continue }
                writer.key(key.stringValue, in: &object)
                writer.write(media, indent: indent + 1)
            case .field(.shotlist):
                writer.key(key.stringValue, in: &object)
                var list = writer.open(.array, indent: indent + 1)
                for shot in asset.shotlist {
                    writer.next(in: &list)
                    var members = writer.open(.object, indent: indent + 2)
                    writer.key("at", in: &members)
                    writer.string(shot.at)
                    writer.key("shot", in: &members)
                    writer.string(shot.shot)
                    writer.close(members)
                }
                writer.close(list)
            case .field(.speakers):
                writer.key(key.stringValue, in: &object)
                var list = writer.open(.array, indent: indent + 1)
                for speaker in asset.speakers {
                    writer.next(in: &list)
                    var members = writer.open(.object, indent: indent + 2)
                    if let language = speaker.language {
                        writer.key("language", in: &members)
                        writer.string(language)
                    }
                    writer.key("name", in: &members)
                    writer.string(speaker.name)
                    writer.close(members)
                }
                writer.close(list)
            case .field(let field):
                guard let text = asset.text(field) else { continue }
                writer.key(key.stringValue, in: &object)
                writer.string(text)
            }
        }
        writer.close(object)
    }
}

extension HealthJSON {
    /// What the synthesized `encode(to:)` writes, its keys in their byte order.
    func write(to writer: inout KitJSON.Writer, indent: Int) {
        var object = writer.open(.object, indent: indent)
        func put(_ key: CodingKeys, _ text: String?) {
            guard let text else { return }
            writer.key(key.stringValue, in: &object)
            writer.string(text)
        }
        func put(_ key: CodingKeys, _ number: Int64?) {
            guard let number else { return }
            writer.key(key.stringValue, in: &object)
            writer.integer(number)
        }
        put(.certificateExpiry, certificateExpiry)
        put(.consecutiveFailures, Int64(consecutiveFailures))
        put(.contentLength, contentLength)
        put(.contentType, contentType)
        put(.httpStatus, httpStatus.map(Int64.init))
        put(.lastChecked, lastChecked)
        put(.lastOK, lastOK)
        put(.newURL, newURL)
        put(.since, since)
        put(.verdict, verdict.rawValue)
        writer.close(object)
    }
}
