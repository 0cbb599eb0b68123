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

    /// Line, column (in scalars) and byte of the first invalid UTF-8 sequence, if any.
    static func firstInvalidUTF8(in bytes: Data.SubSequence) -> (Int, Int, UInt8)? {
        // Fast path: validation by the standard library; the slow walk only finds where it failed.
        if bytes.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) != nil }) == true { return nil }
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
