import CLinux
import Catalogue
import Foundation
import LinkVocabulary
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The every-link part of a JSON or JUnit report (JSON's `links`, JUnit's test cases), rendered while
/// the run goes: each chunk of links as it completes, put in URL order and written to a file of its
/// own (in memory where the kernel can: `openFile`), which the report copies out after its head
/// (whose counts are known only at the end).
///
/// Rendering the listing after the run, from the history, was a sixth of a 10,000-link check's wall
/// time, spent while both cores were otherwise idle; now it happens on the second core while the
/// engine thread works. The links are the values the recorder writes, so the listing says what the
/// history says. Memory stays flat: chunks arrive at most two at a time, and the file has no name
/// (or is unlinked as soon as it is created), so nothing is left behind even by `kill -9`.
public final class LinkListing: Sendable {
    public enum Format: Sendable { case json, junit }

    let format: Format
    let failOn: Set<LinkProblem>
    private let file: Int32
    private let state = Mutex(State())

    private struct State: Sendable {
        /// Index of the chunk to write next; later ones wait in `waiting`.
        var next = 0
        var waiting: [Int: [UInt8]] = [:]
        var wroteAny = false
        var failure: String?
    }

    /// The kind of listing `format` needs, or nil (text and Markdown list problems only).
    public static func needed(for format: CheckFormat, failOn: Set<LinkProblem>) throws -> LinkListing? {
        switch format {
        case .json: try LinkListing(.json, failOn: failOn)
        case .junit: try LinkListing(.junit, failOn: failOn)
        case .text, .markdown: nil
        }
    }

    init(_ format: Format, failOn: Set<LinkProblem>) throws {
        self.format = format
        self.failOn = failOn
        file = try Self.openFile()
    }

    /// An anonymous file in memory (memfd_create) where the kernel has them, else an unlinked
    /// temporary file in `TMPDIR`. A listing is written once and read once, never needs a disk, and
    /// on a disk file system every write also updated the file's times through the journal: on
    /// ext4 a 100,000-link listing (64 MB) cost 0.35–0.4 s more system time than in memory.
    private static func openFile() throws -> Int32 {
        let memory = presskit_memory_file("presskit-listing")
        if memory >= 0 { return memory }
        var template = Array((FileManager.default.temporaryDirectory.path + "/presskit-listing.XXXXXX").utf8CString)
        let file = mkstemp(&template)
        guard file >= 0 else { throw ListingError(message: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        unlink(template)
        return file
    }

    deinit { close(file) }

    /// One link as the listing shows it, rendered as soon as its result is in (so that little is
    /// left to do when a chunk's last result arrives).
    struct Entry: Sendable {
        let url: String
        let bytes: [UInt8]
    }

    func entry(_ link: CheckedLink) -> Entry {
        switch format {
        case .json: Entry(url: link.target.url, bytes: CheckJSON.link(link, indent: 4))
        case .junit: Entry(url: link.target.url, bytes: Array(CheckJUnitRenderer.testCase(link, failOn: failOn).utf8))
        }
    }

    /// Adds chunk number `index` (from 0, one call per chunk, in any order); chunks are written in
    /// index order, each in URL order (SQLite's byte order, as the history lists them).
    func add(chunk index: Int, _ entries: [Entry]) {
        let sorted = entries.sorted { ByteOrder.precedes($0.url, $1.url) }  // SQLite's order of text
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sorted.reduce(0) { $0 + $1.bytes.count + 6 })
        for (position, entry) in sorted.enumerated() {
            // JSON elements after the first of the chunk; the chunk's own separator comes in `store`.
            if format == .json, position > 0 { bytes.append(contentsOf: ",\n    ".utf8) }
            bytes.append(contentsOf: entry.bytes)
        }
        state.withLock { state in
            state.waiting[index] = bytes
            while let ready = state.waiting.removeValue(forKey: state.next) {
                if !ready.isEmpty { store(ready, &state) }
                state.next += 1
            }
        }
    }

    private func store(_ chunk: [UInt8], _ state: inout State) {
        if format == .json {
            // Every chunk after the first written continues the array.
            writeAll(Array((state.wroteAny ? ",\n    " : "\n    ").utf8), &state)
        }
        state.wroteAny = true
        writeAll(chunk, &state)
    }

    private func writeAll(_ bytes: [UInt8], _ state: inout State) {
        guard state.failure == nil else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(file, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    state.failure = "cannot write the listing to its file: \(String(cString: strerror(errno)))"
                    return
                }
                offset += written
            }
        }
    }

    /// Whether no link was listed.
    var isEmpty: Bool { state.withLock { !$0.wroteAny } }

    /// Writes the listing to `output`.
    func copy<Output: FlushingOutput>(to output: inout Output) throws {
        if let failure = state.withLock({ $0.failure }) { throw ListingError(message: failure) }
        guard lseek(file, 0, SEEK_SET) == 0 else { throw ListingError(message: "cannot read the listing back") }
        try output.write(restOfFile: file)
    }
}

struct ListingError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
