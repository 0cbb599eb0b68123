import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes kits so that readers (a web server, a colleague, the next cron run) only ever see the old
/// files or the new ones, never half of either: each file goes to a temporary name in the same
/// folder, is flushed to disk, and is renamed over the old one; a site is built in a temporary
/// folder and swapped in with one `renameat2(RENAME_EXCHANGE)`.
public enum KitFiles {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Marks a folder as a press-kit site, so that `writeSite` may replace it. A folder without it
    /// (someone's home, a web root with other content) is never replaced.
    public static let siteMarker = ".presskit-site"

    /// Writes `text` to `path` atomically. A symbolic link is written through, to the file it names: renaming over the link itself would
    /// replace it with a plain file (`-o /dev/stdout` with standard output redirected to a file would
    /// turn the system's /dev/stdout into a file).
    public static func write(_ text: String, to path: String) throws {
        try write(text, to: resolvingLink(path, advice: "leave out -o to write to standard output"), naming: path)
    }

    /// `path` itself, or what it names when it is a symbolic link: an output written through a link
    /// lands where the link points and the link stays. A link to nothing is refused with `advice`.
    private static func resolvingLink(_ path: String, advice: String) throws -> String {
        var linkStatus = stat()
        guard lstat(path, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK else { return path }
        guard let resolved = realpath(path, nil) else {
            throw WriteError(description: "cannot write '\(path)': it is a symbolic link to nothing that can be written; \(advice)")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Writes `path` atomically through `body`, which creates the file at the temporary path it is
    /// given, beside `path` (for a bundle too large to hold in memory): flushed and renamed over `path`
    /// when `body` returns, removed when it throws (its error is rethrown as it was).
    public static func writeStreaming(to path: String, _ body: (String) throws -> Void) throws {
        let target = try resolvingLink(path, advice: "name a file")
        let (folder, name) = try checkedTarget(target, naming: path)
        let temporary = folder + "/.\(name).presskit-\(UUID().uuidString.prefix(8))"
        do {
            try body(temporary)
            let fd = open(temporary, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw SystemCallFailure() }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw SystemCallFailure() }
            try rename(temporary, over: target)
        } catch let failure as SystemCallFailure {
            unlink(temporary)
            throw WriteError(description: "cannot write '\(path)': \(failure.reason)")
        } catch {
            unlink(temporary)
            throw error
        }
        removeLeftovers(of: name, in: folder)
    }

    /// The folder and file name of `path`, refused when the folder is missing or `path` is a folder,
    /// a device or a pipe (renaming over one would replace it with a plain file).
    private static func checkedTarget(_ path: String, naming shownPath: String) throws -> (folder: String, name: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard isDirectory(folder) else { throw WriteError(description: "cannot write '\(shownPath)': no folder '\(folder)'") }
        if isDirectory(path) { throw WriteError(description: "cannot write '\(shownPath)': it is a folder") }
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw WriteError(description: "cannot write '\(shownPath)': not a regular file; leave out -o to write to standard output")
        }
        return (folder, url.lastPathComponent)
    }

    /// Writes `text` to `path`, a path that is not a symbolic link; errors name `shownPath`, what was asked for.
    private static func write(_ text: String, to path: String, naming shownPath: String) throws {
        let (folder, name) = try checkedTarget(path, naming: shownPath)
        let temporary = folder + "/.\(name).presskit-\(UUID().uuidString.prefix(8))"
        do {
            try writeDurably(text, to: temporary)
            try rename(temporary, over: path)
        } catch let failure as SystemCallFailure {
            unlink(temporary)
            throw WriteError(description: "cannot write '\(shownPath)': \(failure.reason)")
        }
        removeLeftovers(of: name, in: folder)
    }

    /// Replaces the folder `path` with exactly `files` (names relative to it), as one step. A
    /// symbolic link to the site is followed: the site it names is replaced, the link stays.
    public static func writeSite(_ files: [(name: String, text: String)], to path: String) throws {
        try writeSite(to: path) { staging in
            for file in files { try staging.write(file.name, file.text) }
        }
    }

    /// The staging folder of a site being written: files land here before the whole folder is swapped in.
    public struct SiteStaging {
        /// The staging folder's path.
        public let path: String

        /// Writes `text` to `name` (a path relative to the site), creating its folders.
        public func write(_ name: String, _ text: String) throws {
            try makeFolders(for: name)
            try writeDurably(text, to: path + "/" + name)
        }

        /// Puts the file at `source` at `name`: a hard link where the file system allows it (the
        /// archive's copy and the site's are then one file, whatever its size), else a copy.
        public func link(_ name: String, to source: String) throws {
            try makeFolders(for: name)
            let destination = path + "/" + name
            if Glibc.link(source, destination) == 0 { return }
            do {
                try FileManager.default.copyItem(atPath: source, toPath: destination)
            } catch {
                throw WriteError(description: "cannot copy '\(source)' into the site: \(error.localizedDescription)")
            }
        }

        /// Lets `body` create the file `name` at the path it is given (a bundle streamed into the site).
        public func create(_ name: String, _ body: (String) throws -> Void) throws {
            try makeFolders(for: name)
            try body(path + "/" + name)
        }

        private func makeFolders(for name: String) throws {
            let folder = (name as NSString).deletingLastPathComponent
            guard !folder.isEmpty else { return }
            do {
                try FileManager.default.createDirectory(atPath: path + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "cannot create '\(folder)' in the site: \(error.localizedDescription)")
            }
        }
    }

    /// Replaces the folder `path` with what `build` puts in a staging folder, as one step. A
    /// symbolic link to the site is followed: the site it names is replaced, the link stays.
    public static func writeSite(to path: String, _ build: (SiteStaging) throws -> Void) throws {
        let target = URL(fileURLWithPath: try resolvingLink(path, advice: "name a folder")).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        guard isDirectory(parent) else { throw WriteError(description: "cannot write '\(path)': no folder '\(parent)'") }
        let exists = FileManager.default.fileExists(atPath: target.path)
        if exists {
            guard isDirectory(target.path) else { throw WriteError(description: "cannot write the site to '\(path)': it is a file") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []
            guard contents.isEmpty || contents.contains(siteMarker) else {
                throw WriteError(description: "'\(path)' holds other files and is not a press-kit site; name a new or empty folder")
            }
        }
        let staging = parent + "/.\(target.lastPathComponent).presskit-\(UUID().uuidString.prefix(8))"
        do {
            guard mkdir(staging, 0o755) == 0 else { throw SystemCallFailure() }
            try build(SiteStaging(path: staging))
            try writeDurably("written by presskit manifest --all; replaced as a whole on every run\n", to: staging + "/" + siteMarker)
            try syncFolder(staging)
            if exists {
                try exchange(staging, target.path)
                try? FileManager.default.removeItem(atPath: staging)  // now the old site
            } else {
                try rename(staging, over: target.path)
            }
        } catch let failure as SystemCallFailure {
            try? FileManager.default.removeItem(atPath: staging)
            throw WriteError(description: "cannot write '\(path)': \(failure.reason)")
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        removeLeftovers(of: target.lastPathComponent, in: parent)
    }

    /// Removes what runs killed mid-write left beside `name` in `folder`: temporary files and staging
    /// folders (`.NAME.presskit-*`, and the `.old` an exchange moved aside) last changed before this
    /// process started. A run still going has touched its own since, and a killed one never will.
    static func removeLeftovers(of name: String, in folder: String) {
        let prefix = ".\(name).presskit-"
        guard let started = processStart,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let path = folder + "/" + entry
            var info = stat()
            guard lstat(path, &info) == 0,
                  Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9 < started else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// When this process started, in Unix seconds: `/proc/self/stat`'s start time (clock ticks since
    /// boot, field 22) moved to the wall clock by the boot-time clock. Ticks round down, so this is at
    /// most a tick early: a leftover of that last tick before the start is kept for the next run.
    static let processStart: Double? = {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let afterName = stat.range(of: ")", options: .backwards) else { return nil }
        // Fields after the name start at field 3 (state); the start time is field 22.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        var wall = timespec(), sinceBoot = timespec()
        guard clock_gettime(CLOCK_REALTIME, &wall) == 0, clock_gettime(CLOCK_BOOTTIME, &sinceBoot) == 0 else { return nil }
        func seconds(_ time: timespec) -> Double { Double(time.tv_sec) + Double(time.tv_nsec) / 1e9 }
        return seconds(wall) - seconds(sinceBoot) + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }()

    private static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// Writes the string's own UTF-8 storage: copying a 7 MB kit into `Data` first cost a few
    /// milliseconds and as much memory again.
    fileprivate static func writeDurably(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemCallFailure() }
        defer { close(fd) }
        var text = text
        try text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemCallFailure()
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else { throw SystemCallFailure() }
    }

    private static func rename(_ from: String, over to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw SystemCallFailure() }
        try? syncFolder(URL(fileURLWithPath: to).deletingLastPathComponent().path)
    }

    /// Swaps two folders in one step; where the file system cannot (EINVAL), moves the old one
    /// aside first, leaving a moment with no site at all rather than a mixed one.
    private static func exchange(_ a: String, _ b: String) throws {
        if presskit_rename_exchange(a, b) == 0 { return }
        let aside = a + ".old"
        guard Glibc.rename(b, aside) == 0 else { throw SystemCallFailure() }
        guard Glibc.rename(a, b) == 0 else {
            let failure = SystemCallFailure()
            _ = Glibc.rename(aside, b)
            throw failure
        }
        _ = Glibc.rename(aside, a)  // the caller removes `a`, which now holds the old site
    }

    private static func syncFolder(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallFailure() }
        defer { close(fd) }
        _ = fsync(fd)
    }

    /// A failed system call, with `errno` read at once (before cleanup calls can change it); the
    /// public functions turn it into one line naming the path the person gave.
    private struct SystemCallFailure: Error {
        let code = errno

        /// strerror's text as the middle of a sentence: "read-only file system", "permission denied".
        var reason: String {
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }
}
