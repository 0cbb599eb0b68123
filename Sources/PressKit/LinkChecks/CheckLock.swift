import Catalogue
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One link check at a time per database: a slow scheduled run overlapping the next cron tick, or a
/// manual check started meanwhile, must not check the same links twice.
///
/// An exclusive `flock` on `<database>.check-lock`, held for the life of the run. The kernel drops it
/// when the process ends however it ends (`kill -9` included), so a crashed run never leaves a stale
/// lock. The file holds the holder's pid and start time, for the message a second run prints.
///
/// The lock is named after the database file itself, its path with symbolic links resolved, so that
/// every name of the file meets the same lock; a second name by hard link is refused when the store
/// opens (`CatalogueStore.OpenError.hardLinked`), since SQLite cannot share its log between names.
public final class CheckLock: Sendable {
    /// The lock file cannot be opened (a read-only folder, say).
    public struct Unavailable: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot open the check lock \(path): \(reason)" }
    }

    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        /// What the holder wrote: `pid 1234 since 2026-11-24T10:00:00.000Z`.
        public var holder: String
        public var description: String {
            "another presskit check is running on this database (\(holder)); it holds \(path)"
        }
    }

    private let descriptor: Int32
    public let path: String

    /// Takes the lock of the database file at `database`, waiting up to `wait` for a running check to
    /// end; throws `Busy` when it does not.
    public init(database: String, wait: Duration = .zero) async throws {
        path = Self.resolved(database) + ".check-lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Unavailable(path: path, reason: String(cString: strerror(errno))) }
        let deadline = ContinuousClock.now + wait
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                let holder = Self.read(fd)
                close(fd)
                throw Busy(path: path, holder: holder.isEmpty ? "holder unknown" : holder)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        descriptor = fd
        let note = "pid \(getpid()) since \(Timestamp.text(Date()))\n"
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, note, note.utf8.count, 0)
    }

    deinit {
        // Closing the descriptor releases the lock; the file stays, empty of meaning, for the next run.
        close(descriptor)
    }

    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    private static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return "" }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
