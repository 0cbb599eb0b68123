import Foundation
import PressKit
#if canImport(Glibc)
import Glibc
#endif

/// Where output goes and how wide it may be: tables fit a terminal's width, and are left whole when piped.
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The terminal's width when stdout is one, else nil (no truncation for pipes and files).
    static var outputWidth: Int? {
        guard stdoutIsTerminal else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 100
    }

    /// `presskit: error: MESSAGE` on one line; a message quoting a file name or a server's words
    /// carries no control character to the terminal. `withUsage` keeps the line breaks of
    /// ArgumentParser's usage text, which follows the message (controls are still replaced).
    static func printError(_ message: String, withUsage: Bool = false) {
        let clean = withUsage ? TerminalText.withoutControls(message) : TerminalText.sanitize(message)
        FileHandle.standardError.write(Data("presskit: error: \(clean)\n".utf8))
    }

    /// One line of a report to stderr (a diagnostic, a delivery summary), cleaned of control characters.
    static func printLineToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.sanitize(line) + "\n").utf8))
    }

    /// Where operations' notes go: one line each on stderr, cleaned of control characters.
    static let notes = OperationNotes { printLineToStandardError($0) }

    static func printToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes all of `text` to stdout at once, from the string's own bytes.
    static func write(_ text: String) {
        var text = text
        text.withUTF8(writeAll)
    }

    /// Writes all of `bytes` to stdout at once (a listing's JSON, as its writer made it).
    static func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer(writeAll)
    }

    /// A stdout that cannot take it (a full disk, say) ends the command with a message and status 2
    /// rather than the trap `FileHandle.write` gave.
    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written >= 0 { offset += written; continue }
            if errno == EINTR { continue }
            standardOutputFailed()
        }
    }

    static func standardOutputFailed() -> Never {
        printError("cannot write to standard output (\(String(cString: strerror(errno))))")
        exit(ExitStatus.invalidInput.rawValue)
    }
}

/// stdout through a 64 KiB buffer: a report of 100,000 links is written in large pieces, not per line.
struct BufferedStandardOutput: FlushingOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer(Terminal.writeAll)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The kernel copies the file to stdout (`sendfile`): a 10,000-link JSON listing is 6 MB that
    /// was otherwise read back, checked as UTF-8 and copied twice more on its way out. Where
    /// `sendfile` cannot write (stdout opened to append, on some kernels a terminal), it is read
    /// and written in blocks as it is.
    mutating func write(restOfFile descriptor: Int32) throws {
        flush()
        while true {
            let sent = sendfile(STDOUT_FILENO, descriptor, nil, 1 << 30)
            if sent > 0 { continue }
            if sent == 0 { return }
            if errno == EINTR { continue }
            guard [EINVAL, ENOSYS].contains(errno) else { Terminal.standardOutputFailed() }
            break
        }
        // Nothing was taken from `descriptor` by the failed call: copy the rest from here.
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw StandardOutputError(message: "cannot read the listing back: \(String(cString: strerror(errno)))") }
            if count == 0 { return }
            block.withUnsafeBufferPointer { Terminal.writeAll(UnsafeBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}

struct StandardOutputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
