import Foundation

// The `Encoder` behind `KitJSON`: turns any `Encodable` into a `KitJSON.Node` tree through the
// types' own `encode(to:)`, so keys, omitted optionals and custom encodings stay theirs.

extension KitJSON {
    final class TreeEncoder: Encoder {
        // Nothing presskit encodes reads the coding path; building it per value would cost for nothing.
        var codingPath: [any CodingKey] { [] }
        let userInfo: [CodingUserInfoKey: Any]
        /// What the value encoded so far.
        var value: Node?

        init(userInfo: [CodingUserInfoKey: Any]) { self.userInfo = userInfo }

        /// The node of one value: the common scalars directly, the rest through `encode(to:)`.
        ///
        /// Types are told apart by comparing metatypes, not by dynamic casts: a failed `as?` per
        /// struct per candidate type was a fifth of a ninjs kit. `T` is always the concrete type here
        /// (the standard library opens existentials before calling), so the comparison sees what a
        /// cast would; an optional goes through `Optional.encode(to:)` and lands here unwrapped.
        func node<T: Encodable>(_ value: T) throws -> Node {
            if T.self == String.self { return .string(value as! String) }
            if T.self == Int.self { return .integer(Int64(value as! Int)) }
            if T.self == Bool.self { return .bool(value as! Bool) }
            if T.self == Int64.self { return .integer(value as! Int64) }
            if T.self == Double.self { return try KitJSON.node(value as! Double) }
            if T.self == Double.self || T.self == Float.self || T.self == Date.self || T.self == Data.self
                || T.self == URL.self || T.self == Decimal.self {
                throw Unsupported()
            }
            let nested = TreeEncoder(userInfo: userInfo)
            try value.encode(to: nested)
            // `JSONEncoder` writes a value that encoded nothing as an empty object.
            return nested.value ?? .object(Object())
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let object)? = value { return KeyedEncodingContainer(Keyed(encoder: self, object: object)) }
            let object = Object()
            value = .object(object)
            return KeyedEncodingContainer(Keyed(encoder: self, object: object))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let list)? = value { return Unkeyed(encoder: self, list: list) }
            let list = List()
            value = .array(list)
            return Unkeyed(encoder: self, list: list)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }
    }

    /// An encoder whose value lands in a parent's member or item when encoding ends (`superEncoder`).
    final class SlotEncoder: Encoder {
        let inner: TreeEncoder
        let store: (Node) -> Void
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { inner.userInfo }

        init(userInfo: [CodingUserInfoKey: Any], store: @escaping (Node) -> Void) {
            inner = TreeEncoder(userInfo: userInfo)
            self.store = store
        }

        deinit { store(inner.value ?? .object(Object())) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
        func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: TreeEncoder
        let object: Object
        var codingPath: [any CodingKey] { [] }

        private func put(_ node: Node, _ key: Key) { object.members.append((key.stringValue, node)) }

        mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { put(try KitJSON.node(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported() }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(.integer(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.unsigned(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { put(try encoder.node(value), key) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey> {
            let nested = Object()
            put(.object(nested), key)
            return KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder, object: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = List()
            put(.array(nested), key)
            return Unkeyed(encoder: encoder, list: nested)
        }

        mutating func superEncoder() -> any Encoder { slot("super") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { slot(key.stringValue) }

        private func slot(_ key: String) -> any Encoder {
            let object = self.object
            return SlotEncoder(userInfo: encoder.userInfo) { object.members.append((key, $0)) }
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: TreeEncoder
        let list: List
        var codingPath: [any CodingKey] { [] }
        var count: Int { list.items.count }

        mutating func encodeNil() throws { list.items.append(.null) }
        mutating func encode(_ value: Bool) throws { list.items.append(.bool(value)) }
        mutating func encode(_ value: String) throws { list.items.append(.string(value)) }
        mutating func encode(_ value: Int) throws { list.items.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { list.items.append(.integer(value)) }
        mutating func encode(_ value: Int8) throws { list.items.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) throws { list.items.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) throws { list.items.append(.integer(Int64(value))) }
        mutating func encode(_ value: UInt) throws { list.items.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { list.items.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16) throws { list.items.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32) throws { list.items.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64) throws { list.items.append(.unsigned(value)) }
        mutating func encode(_ value: Double) throws { list.items.append(try KitJSON.node(value)) }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode<T: Encodable>(_ value: T) throws { list.items.append(try encoder.node(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = Object()
            list.items.append(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder, object: nested))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = List()
            list.items.append(.array(nested))
            return Unkeyed(encoder: encoder, list: nested)
        }

        mutating func superEncoder() -> any Encoder {
            let list = self.list
            let index = list.items.count
            list.items.append(.null)
            return SlotEncoder(userInfo: encoder.userInfo) { list.items[index] = $0 }
        }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: TreeEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { encoder.value = .null }
        mutating func encode(_ value: Bool) throws { encoder.value = .bool(value) }
        mutating func encode(_ value: String) throws { encoder.value = .string(value) }
        mutating func encode(_ value: Int) throws { encoder.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int64) throws { encoder.value = .integer(value) }
        mutating func encode(_ value: Int8) throws { encoder.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int16) throws { encoder.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int32) throws { encoder.value = .integer(Int64(value)) }
        mutating func encode(_ value: UInt) throws { encoder.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { encoder.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt16) throws { encoder.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt32) throws { encoder.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt64) throws { encoder.value = .unsigned(value) }
        mutating func encode(_ value: Double) throws { encoder.value = try KitJSON.node(value) }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode<T: Encodable>(_ value: T) throws { encoder.value = try encoder.node(value) }
    }
}
