/// A bounds-checked window on fetched bytes. Every read takes an offset relative to the window and
/// returns nil when any byte of it lies outside, so a parser reading a hostile length or offset gets
/// nil rather than a trap. Offsets are `Int`; arithmetic on declared sizes goes through `adding`.
struct ByteView {
    private let storage: [UInt8]
    private let start: Int
    /// Bytes in the window.
    let count: Int
    /// Where the window's first byte sits in the file.
    let fileOffset: Int64

    init(_ storage: [UInt8], start: Int, count: Int, fileOffset: Int64) {
        let start = min(max(start, 0), storage.count)
        self.storage = storage
        self.start = start
        self.count = min(max(count, 0), storage.count - start)
        self.fileOffset = fileOffset
    }

    init(_ bytes: [UInt8]) {
        self.init(bytes, start: 0, count: bytes.count, fileOffset: 0)
    }

    /// Whether `length` bytes from `offset` lie inside the window.
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    subscript(_ offset: Int) -> UInt8? {
        contains(offset, 1) ? storage[start + offset] : nil
    }

    /// The sub-window of `length` bytes from `offset`, clipped to this window; nil if `offset` is outside.
    func slice(_ offset: Int, _ length: Int) -> ByteView? {
        guard offset >= 0, offset <= count, length >= 0 else { return nil }
        return ByteView(storage, start: start + offset, count: min(length, count - offset), fileOffset: fileOffset + Int64(offset))
    }

    /// The sub-window of exactly `length` bytes from `offset`, or nil when it does not fit.
    func exactSlice(_ offset: Int, _ length: Int) -> ByteView? {
        contains(offset, length) ? slice(offset, length) : nil
    }

    /// The bytes as an array (for small fields only: callers bound `length` by the window).
    func bytes(_ offset: Int, _ length: Int) -> [UInt8]? {
        contains(offset, length) ? Array(storage[(start + offset)..<(start + offset + length)]) : nil
    }

    /// All bytes of the window as a slice of the storage (no copy).
    var all: ArraySlice<UInt8> { storage[start..<(start + count)] }

    func uint16BE(_ offset: Int) -> UInt16? { unsigned(offset, 2, bigEndian: true).map { UInt16($0) } }
    func uint24BE(_ offset: Int) -> UInt32? { unsigned(offset, 3, bigEndian: true).map { UInt32($0) } }
    func uint32BE(_ offset: Int) -> UInt32? { unsigned(offset, 4, bigEndian: true).map { UInt32($0) } }
    func uint64BE(_ offset: Int) -> UInt64? { unsigned(offset, 8, bigEndian: true) }
    func uint16LE(_ offset: Int) -> UInt16? { unsigned(offset, 2, bigEndian: false).map { UInt16($0) } }
    func uint24LE(_ offset: Int) -> UInt32? { unsigned(offset, 3, bigEndian: false).map { UInt32($0) } }
    func uint32LE(_ offset: Int) -> UInt32? { unsigned(offset, 4, bigEndian: false).map { UInt32($0) } }
    func uint64LE(_ offset: Int) -> UInt64? { unsigned(offset, 8, bigEndian: false) }
    func int32BE(_ offset: Int) -> Int32? { uint32BE(offset).map { Int32(bitPattern: $0) } }

    func uint16(_ offset: Int, bigEndian: Bool) -> UInt16? { unsigned(offset, 2, bigEndian: bigEndian).map { UInt16($0) } }
    func uint32(_ offset: Int, bigEndian: Bool) -> UInt32? { unsigned(offset, 4, bigEndian: bigEndian).map { UInt32($0) } }

    /// A four-character code (box type, chunk id) as text; nil if out of range.
    func fourCC(_ offset: Int) -> String? {
        guard let bytes = bytes(offset, 4) else { return nil }
        return String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7f ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// Whether the bytes at `offset` equal `prefix`.
    func matches(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
        guard contains(offset, prefix.count) else { return false }
        return storage[(start + offset)..<(start + offset + prefix.count)].elementsEqual(prefix)
    }

    func matches(_ text: String, at offset: Int = 0) -> Bool { matches(Array(text.utf8), at: offset) }

    private func unsigned(_ offset: Int, _ length: Int, bigEndian: Bool) -> UInt64? {
        guard contains(offset, length) else { return nil }
        var value: UInt64 = 0
        for index in 0..<length {
            let byte = UInt64(storage[start + offset + (bigEndian ? index : length - 1 - index)])
            value = value << 8 | byte
        }
        return value
    }
}

/// Checked arithmetic for offsets computed from declared sizes: nil instead of an overflow trap.
func adding(_ values: Int...) -> Int? {
    var total = 0
    for value in values {
        let (sum, overflow) = total.addingReportingOverflow(value)
        if overflow { return nil }
        total = sum
    }
    return total
}

/// `Int(exactly:)` for a declared size, refusing values past what a window could ever hold.
func size<T: BinaryInteger>(_ value: T) -> Int? { Int(exactly: value) }

/// The index of the first occurrence of `needle` in `haystack` (naive search: needles are short).
func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    var index = haystack.startIndex
    let last = haystack.endIndex - needle.count
    while index <= last {
        if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        index += 1
    }
    return nil
}

/// The index of the last occurrence of `needle` in `haystack`.
func findLast(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    var index = haystack.endIndex - needle.count
    while index >= haystack.startIndex {
        if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        index -= 1
    }
    return nil
}
