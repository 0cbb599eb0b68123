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
    /// What `encode(to:)` writes, as nodes (see the file's comment); nil as for `AssetsDocument.tree`.
    var tree: KitJSON.Node? {
        let object = KitJSON.Object()
        object.members.reserveCapacity(AssetField.allCases.count + 4)
        object.members.append((Key.event.stringValue, .string(event)))
        if let story { object.members.append((Key.story.stringValue, .string(story))) }
        for field in AssetField.allCases {
            switch field {
            case .shotlist:
                object.members.append((field.rawValue, .array(Self.list(asset.shotlist) { shot in
                    [("at", .string(shot.at)), ("shot", .string(shot.shot))]
                })))
            case .speakers:
                object.members.append((field.rawValue, .array(Self.list(asset.speakers) { speaker in
                    [("name", .string(speaker.name))] + (speaker.language.map { [("language", .string($0))] } ?? [])
                })))
            default:
                if let text = asset.text(field) { object.members.append((field.rawValue, .string(text))) }
            }
        }
        if let health { object.members.append((Key.health.stringValue, health.tree)) }
        if let media {
            // Rare in listings (only probed files), and holding doubles: KitJSON's encoder decides.
            guard let node = try? KitJSON.tree(media) else { return nil }
            object.members.append((Key.media.stringValue, node))
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
        put(.verdict, .string(verdict.rawValue))
        put(.since, .string(since))
        put(.lastChecked, .string(lastChecked))
        put(.lastOK, lastOK.map { .string($0) })
        put(.consecutiveFailures, .integer(Int64(consecutiveFailures)))
        put(.httpStatus, httpStatus.map { .integer(Int64($0)) })
        put(.contentType, contentType.map { .string($0) })
        put(.contentLength, contentLength.map { .integer($0) })
        put(.newURL, newURL.map { .string($0) })
        put(.certificateExpiry, certificateExpiry.map { .string($0) })
        return .object(object)
    }
}
