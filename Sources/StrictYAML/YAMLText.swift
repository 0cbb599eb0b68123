import Foundation

/// Turns a file's bytes into a YAML node tree, or into diagnostics saying why it cannot.
///
/// Guards taken before any reader rule runs: a size limit, strict UTF-8, one document, a nesting limit,
/// and no anchors or aliases (the "billion laughs" expansion works through aliases; catalogues never need them).
public enum YAMLText {
    /// Largest file read, in bytes: room for a summit's 5,000 assets with full broadcast fields (about
    /// 2 MB) many times over, while bounding what one file can make the reader hold.
    public static let maximumFileSize = 16 << 20

    /// Why a file over `maximumFileSize` is refused, and what to do.
    public static let tooLargeMessage = "file is larger than the limit of 16 MiB; a catalogue file describes one event: check that this one is what it should be, and shorten very long texts"

    /// Deepest nesting of mappings and lists accepted. A catalogue needs 6.
    public static let maximumDepth = 32

    /// The root node of `data`, or nil with the reason added to `diagnostics`.
    public static func parse(path: String, data: Data, into diagnostics: inout [Diagnostic]) -> YAMLNode? {
        func fail(_ line: Int, _ column: Int, _ message: String) -> YAMLNode? {
            diagnostics.append(Diagnostic(path: path, line: line, column: column, message: message))
            return nil
        }
        guard data.count <= maximumFileSize else {
            return fail(0, 0, tooLargeMessage)
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) } // UTF-8 byte order mark
        if let (line, column, byte) = firstInvalidUTF8(in: bytes) {
            return fail(line, column, String(format: "file is not valid UTF-8 (byte 0x%02X); save it as UTF-8", byte))
        }
        switch bytes.withUnsafeBytes({ YAMLTree.parse(utf8: $0, maximumDepth: maximumDepth) }) {
        case .failure(let problem):
            return fail(problem.position.line, problem.position.column, problem.message)
        case .success(let root):
            guard let root, !root.isNull else {
                return fail(1, 1, "file is empty; a catalogue file describes one event (see Catalog/README.md)")
            }
            return root
        }
    }

    /// Whether `bytes` are well-formed UTF-8 (Unicode §3.9, table 3-7: no overlong forms, no
    /// surrogates, nothing past U+10FFFF), as `String(validating:)` decides, eight ASCII bytes at a time.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            while index + 8 <= count,
                  bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int, second: ClosedRange<UInt8>
            switch lead {
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return false
            }
            guard index + length <= count, second.contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return false }
            index += length
        }
        return true
    }

    /// Line, column (in scalars) and byte of the first invalid UTF-8 sequence, if any.
    static func firstInvalidUTF8(in bytes: Data.SubSequence) -> (Int, Int, UInt8)? {
        // Fast path: a check that copies nothing; the slow walk only finds where it failed.
        if bytes.withUnsafeBytes(isValidUTF8) { return nil }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1, column = 1, offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            case .error:
                return (line, column, bytes[offset])
            case .emptyInput:
                return nil
            }
        }
    }
}
