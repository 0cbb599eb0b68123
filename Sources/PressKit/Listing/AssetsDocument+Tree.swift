import Catalogue

// `presskit assets --format json` built as `KitJSON` nodes directly, rather than through the types'
// `encode(to:)` and KitJSON's `Encoder`: that generic path instantiated a keyed container type per
// key type and boxed every value on the way, 6.8 M of the listing's 34 M instructions for 100
// assets (README "Benchmarks"), where building the nodes is a fraction of that. The keys are the
// `CodingKey`s the encoder would use, and ListingsTests holds the document to `JSONEncoder`'s bytes
// for assets with every field, health and media.

extension AssetsDocument {
    /// The document as KitJSON nodes; nil when a probe's value is one that only `JSONEncoder` writes
    /// (a non-finite number), for which the caller encodes the document the general way.
    var tree: KitJSON.Node? {
        let list = KitJSON.List()
        list.items.reserveCapacity(assets.count)
        for asset in assets {
            guard let node = asset.tree else { return nil }
            list.items.append(node)
        }
        let document = KitJSON.Object()
        document.members = [("assets", .array(list)), ("event", .string(event)), ("schema", .string(schema))]
        return .object(document)
    }
}

extension AssetJSON {
    /// An asset object's members, in the order written (by their keys' bytes, as `JSONEncoder`'s
    /// `sortedKeys`): built in that order, the writer finds them sorted and sorts nothing (sorting
    /// every asset's members was a twentieth of a listing).
    private enum Member {
        case event, story, health, media
        case field(AssetField)

        var key: String {
            switch self {
            case .event: Key.event.stringValue
            case .story: Key.story.stringValue
            case .health: Key.health.stringValue
            case .media: Key.media.stringValue
            case .field(let field): field.rawValue
            }
        }

        static let written: [Member] = ([.event, .story, .health, .media] + AssetField.allCases.map { .field($0) })
            .sorted { ByteOrder.precedes($0.key, $1.key) }
    }

    /// What `encode(to:)` writes, as nodes (see the file's comment); nil as for `AssetsDocument.tree`.
    var tree: KitJSON.Node? {
        let object = KitJSON.Object()
        object.members.reserveCapacity(Member.written.count)
        for member in Member.written {
            switch member {
            case .event:
                object.members.append((member.key, .string(event)))
            case .story:
                if let story { object.members.append((member.key, .string(story))) }
            case .health:
                if let health { object.members.append((member.key, health.tree)) }
            case .media:
                guard let media else { continue }
                // Rare in listings (only probed files), and holding doubles: KitJSON's encoder decides.
                guard let node = try? KitJSON.tree(media) else { return nil }
                object.members.append((member.key, node))
            case .field(.shotlist):
                object.members.append((member.key, .array(Self.list(asset.shotlist) { shot in
                    [("at", .string(shot.at)), ("shot", .string(shot.shot))]
                })))
            case .field(.speakers):
                object.members.append((member.key, .array(Self.list(asset.speakers) { speaker in
                    (speaker.language.map { [("language", .string($0))] } ?? []) + [("name", .string(speaker.name))]
                })))
            case .field(let field):
                if let text = asset.text(field) { object.members.append((member.key, .string(text))) }
            }
        }
        return .object(object)
    }

    /// A list of objects, each with `members` (the synthesized `Codable` keys of `Shot` and `Speaker`).
    private static func list<Element>(_ elements: [Element], _ members: (Element) -> [(key: String, value: KitJSON.Node)]) -> KitJSON.List {
        let list = KitJSON.List()
        list.items = elements.map { element in
            let object = KitJSON.Object()
            object.members = members(element)
            return .object(object)
        }
        return list
    }
}

extension HealthJSON {
    /// What the synthesized `encode(to:)` writes, as nodes.
    var tree: KitJSON.Node {
        let object = KitJSON.Object()
        func put(_ key: CodingKeys, _ node: KitJSON.Node?) {
            if let node { object.members.append((key.stringValue, node)) }
        }
        // In the keys' byte order, the order written (see `AssetJSON.Member`).
        put(.certificateExpiry, certificateExpiry.map { .string($0) })
        put(.consecutiveFailures, .integer(Int64(consecutiveFailures)))
        put(.contentLength, contentLength.map { .integer($0) })
        put(.contentType, contentType.map { .string($0) })
        put(.httpStatus, httpStatus.map { .integer(Int64($0)) })
        put(.lastChecked, .string(lastChecked))
        put(.lastOK, lastOK.map { .string($0) })
        put(.newURL, newURL.map { .string($0) })
        put(.since, .string(since))
        put(.verdict, .string(verdict.rawValue))
        return .object(object)
    }
}
