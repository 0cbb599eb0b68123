import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The archive folder: a content-addressed store of complete files, and a `partial/` folder for
/// downloads in progress.
///
/// Layout (lowercase hex): `sha256/<first 2>/<remaining 62>` for each stored file, named by the
/// SHA-256 of its bytes, so identical files are stored once and a file's name is its checksum.
/// Nothing under `sha256/` is ever written in place: a file arrives there by `rename(2)` from
/// `partial/` after it was fsynced, so a file in the store is always complete. The catalogue's
/// `archived_copy` rows say which URL served which file.
public struct ArchiveStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory.standardizedFileURL
    }

    /// The folder of complete files.
    public var filesDirectory: URL { directory.appendingPathComponent("sha256", isDirectory: true) }
    /// Downloads in progress (and what they need to resume); never counted as stored.
    public var partialDirectory: URL { directory.appendingPathComponent("partial", isDirectory: true) }

    /// Whether `text` is a SHA-256 as the store names files: 64 lowercase hex digits.
    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Where the file with SHA-256 `sha256` (64 lowercase hex digits) is stored.
    public func fileURL(sha256: String) -> URL {
        let hex = sha256.lowercased()
        return filesDirectory
            .appendingPathComponent(String(hex.prefix(2)), isDirectory: true)
            .appendingPathComponent(String(hex.dropFirst(2)), isDirectory: false)
    }

    /// Whether the store holds the file `sha256`.
    public func contains(sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: fileURL(sha256: sha256).path)
    }

    /// Creates the store's folders when missing.
    public func prepare() throws {
        try FileManager.default.createDirectory(at: filesDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: partialDirectory, withIntermediateDirectories: true)
    }

    /// Moves the complete file at `temporary` (under `partial/`) into the store as `sha256`, after
    /// fsyncing it. When the store already holds that file, `temporary` is removed instead: identical
    /// content is stored once. The folder entry is fsynced too, so the rename survives a power cut.
    public func admit(_ temporary: URL, sha256: String) throws {
        let target = fileURL(sha256: sha256)
        let folder = target.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: temporary)
            return
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let descriptor = open(temporary.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw ArchiveStoreError("cannot fsync '\(temporary.path)': \(reason)")
        }
        close(descriptor)
        guard rename(temporary.path, target.path) == 0 else {
            throw ArchiveStoreError("cannot move '\(temporary.path)' into the archive: \(String(cString: strerror(errno)))")
        }
        // Stored files are read-only: a copy is never edited in place.
        chmod(target.path, 0o444)
        Self.syncFolder(folder)
    }

    /// SHA-256 (lowercase hex) and size of the stored file `sha256` as its bytes are now, read in
    /// 1 MiB blocks (bounded memory whatever the size); nil when the file is missing.
    public func rehash(sha256: String) throws -> (sha256: String, size: Int64)? {
        let url = fileURL(sha256: sha256)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try Self.hash(fileAt: url)
    }

    /// SHA-256 (lowercase hex) and size of the file at `url`.
    public static func hash(fileAt url: URL) throws -> (sha256: String, size: Int64) {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArchiveStoreError("cannot read '\(url.path)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var hasher = SHA256()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveStoreError("cannot read '\(url.path)': \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            size += Int64(count)
        }
        return (hex(hasher.finalize()), size)
    }

    /// Lowercase hex of a digest.
    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// fsync(2) of a folder, so a rename or unlink in it is durable.
    static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// A file-system failure of the archive folder, said in one line.
public struct ArchiveStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
