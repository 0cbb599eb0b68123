import Catalogue
#if canImport(Glibc)
import Glibc
#endif

/// Bytes written through a pointer into memory the writer owns and doubles when full.
///
/// For the check listing, which writes every link's JSON piece by piece: `[UInt8].append` checks
/// uniqueness and capacity on every call and `append(contentsOf:)` goes through generic sequence
/// code, which together were half of rendering a link. Here a piece reserves its room once and
/// stores its bytes.
struct ByteWriter: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// The bytes written so far, as an array.
    consuming func bytes() -> [UInt8] {
        Array(UnsafeBufferPointer(start: start, count: count))
    }

    /// Where the next `extra` bytes go: write them there, then `advance(by:)` as many as were written.
    mutating func room(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > capacity { grow(to: count + extra) }
        return start + count
    }

    mutating func advance(by written: Int) { count += written }

    mutating func append(_ byte: UInt8) {
        room(1).pointee = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        room(bytes.count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `text` as a JSON string literal (`JSONQuoting`).
    mutating func appendQuoted(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            count += JSONQuoting.write(utf8, to: room(JSONQuoting.maximumLength(utf8.count)))
        }
    }

    /// A line break and `spaces` spaces.
    mutating func appendLineBreak(indentedBy spaces: Int) {
        let line = room(spaces + 1)
        line.pointee = 0x0A
        // memset: `initialize(repeating:count:)` stored the spaces one at a time.
        memset(line + 1, 0x20, spaces)
        count += spaces + 1
    }

    private mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: start, count: count)
        start.deallocate()
        (start, capacity) = (moved, larger)
    }
}
