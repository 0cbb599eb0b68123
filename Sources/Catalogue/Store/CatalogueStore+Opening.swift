import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension CatalogueStore {
    /// Why a database cannot be used, each with advice that fits the cause.
    public enum OpenError: Error, Sendable, CustomStringConvertible {
        case missing(path: String)
        case missingFolder(path: String, folder: String)
        case permissionDenied(path: String)
        case readOnly(path: String, reason: String)
        case hardLinked(path: String, names: Int)
        case notSQLite(path: String)
        case notPresskit(path: String, empty: Bool)
        case newerSchema(path: String)
        case olderSchema(path: String)
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case .missing(let path):
                "no catalogue database at '\(path)'; run 'presskit import' first, or pass --db or set PRESSKIT_DB"
            case .missingFolder(let path, let folder):
                "cannot open catalogue '\(path)': there is no folder '\(folder)'; create it, or pass --db with another path"
            case .permissionDenied(let path):
                "cannot open catalogue '\(path)': permission denied; ask the file's owner for access, or pass --db"
            case .readOnly(let path, let reason):
                "cannot write catalogue '\(path)': \(reason); listings can read it, but import and check need a writable file and folder"
            case .hardLinked(let path, let names):
                "the catalogue '\(path)' has \(names) names (hard links), and SQLite's write-ahead log cannot be shared between names; remove the other links (a symbolic link is fine)"
            case .notSQLite(let path):
                "'\(path)' is not a SQLite database; pass --db with the catalogue's path (import creates one where no file exists)"
            case .notPresskit(let path, let empty):
                "'\(path)' is not a presskit database (\(empty ? "an empty file" : "another program's SQLite file")); pass --db with the catalogue's path"
                    + (empty ? ", or run 'presskit import' to make it one" : "")
            case .newerSchema(let path):
                "the catalogue '\(path)' was written by a newer presskit; upgrade presskit to use it"
            case .olderSchema(let path):
                "the catalogue '\(path)' was written by an older presskit; run 'presskit import' to bring it up to date (listings never change it)"
            case .cannotOpen(let path, let reason):
                "cannot open catalogue '\(path)': \(reason)"
            }
        }

        static func from(_ error: DatabaseError, path: String) -> OpenError {
            switch error.resultCode {
            case .SQLITE_NOTADB: .notSQLite(path: path)
            case .SQLITE_PERM, .SQLITE_AUTH: .permissionDenied(path: path)
            case .SQLITE_READONLY: .readOnly(path: path, reason: "the file is read-only")
            default: .cannotOpen(path: path, reason: CatalogueStore.reason(error))
            }
        }
    }

    /// A failure while writing an open database (a full disk, an I/O error), as one line a person
    /// reads: SQLite's own message, with the statement it ran, stays out of it.
    public struct StorageError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write catalogue '\(path)': \(reason)" }

        public init(path: String, error: any Error) {
            self.path = path
            reason = CatalogueStore.describe(error)
        }
    }

    /// A short reason a person can act on, from SQLite's result code.
    public static func reason(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_CANTOPEN: "the file or its folder cannot be opened; check that both exist and are readable"
        case .SQLITE_PERM, .SQLITE_AUTH: "permission denied; check the file's and its folder's permissions"
        case .SQLITE_READONLY: "the file is read-only; check its permissions and its file system"
        case .SQLITE_NOTADB: "it is not a SQLite database"
        case .SQLITE_CORRUPT: "the database file is damaged; restore it from a backup or import the catalogue into a new one"
        case .SQLITE_BUSY, .SQLITE_LOCKED: "another process holds it locked; try again when it ends"
        case .SQLITE_FULL: "the disk is full; free some space and run the command again (the catalogue is unchanged)"
        case .SQLITE_IOERR: "an input/output error on the disk; check the disk and run the command again (the catalogue is unchanged)"
        default: error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
    }

    /// A database error as a short reason a person can act on; any other error as it describes itself.
    public static func describe(_ error: any Error) -> String {
        (error as? DatabaseError).map(reason) ?? "\(error)"
    }

    /// Removes a database file and the journal files SQLite keeps beside it: what a first import that
    /// failed created.
    public static func removeFiles(of path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}

/// The database file as the file system sees it, before SQLite opens it.
struct DatabaseFile {
    let path: String
    let exists: Bool
    /// The file and its folder can be written (SQLite keeps `-wal` and `-shm` beside the file).
    let isWritable: Bool

    init(path: String, access: CatalogueStore.Access) throws {
        self.path = path
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var info = stat()
        guard stat(path, &info) == 0 else {
            let cause = errno
            var folderInfo = stat()
            if cause == ENOENT || cause == ENOTDIR, stat(folder, &folderInfo) != 0 || (folderInfo.st_mode & S_IFMT) != S_IFDIR {
                throw CatalogueStore.OpenError.missingFolder(path: path, folder: folder)
            }
            switch cause {
            case ENOENT:
                guard access == .create else { throw CatalogueStore.OpenError.missing(path: path) }
                guard Glibc.access(folder, W_OK) == 0 else {
                    throw CatalogueStore.OpenError.readOnly(path: path, reason: "its folder '\(folder)' cannot be written (\(Self.describe(errno)))")
                }
                exists = false
                isWritable = true
                return
            case EACCES: throw CatalogueStore.OpenError.permissionDenied(path: path)
            default: throw CatalogueStore.OpenError.cannotOpen(path: path, reason: Self.describe(cause))
            }
        }
        exists = true
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw CatalogueStore.OpenError.cannotOpen(path: path, reason: "it is a folder; pass --db with a file's path")
        }
        // SQLite names `-wal` and `-shm` after the name it was given: two names of one file give two
        // logs, and two writers through them corrupt it (symbolic links are resolved by SQLite itself).
        if info.st_nlink > 1 { throw CatalogueStore.OpenError.hardLinked(path: path, names: Int(info.st_nlink)) }
        guard Glibc.access(path, R_OK) == 0 else { throw CatalogueStore.OpenError.permissionDenied(path: path) }
        var refusal: String?
        if Glibc.access(path, W_OK) != 0 {
            refusal = "the file is read-only (\(Self.describe(errno)))"
        } else if Glibc.access(folder, W_OK) != 0 {
            refusal = "its folder '\(folder)' cannot be written (\(Self.describe(errno)))"
        }
        isWritable = refusal == nil
        if let refusal, access != .read { throw CatalogueStore.OpenError.readOnly(path: path, reason: refusal) }
    }

    /// One connection that changes nothing on opening (no journal mode, no migration).
    ///
    /// A writable file is opened read-write, so that closing the last connection removes the `-wal`
    /// and `-shm` files as SQLite always does. A file that cannot be written is opened read-only; when
    /// no write-ahead log with content lies beside it (every commit is in the file itself) it is opened
    /// `immutable`, which creates no `-wal` or `-shm` at all: https://www.sqlite.org/uri.html#uriimmutable
    func connection() throws -> DatabaseQueue {
        var configuration = CatalogueStore.configuration()
        configuration.label = "presskit.reader"
        guard !isWritable else { return try DatabaseQueue(path: path, configuration: configuration) }
        configuration.readonly = true
        return try DatabaseQueue(path: Self.uri(path, parameter: hasLog ? "mode=ro" : "immutable=1"), configuration: configuration)
    }

    /// A write-ahead log with content lies beside the file: commits not yet in the file itself.
    var hasLog: Bool {
        var log = stat()
        return stat(path + "-wal", &log) == 0 && log.st_size > 0
    }

    static func uri(_ path: String, parameter: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?" + parameter
    }

    static func describe(_ code: Int32) -> String {
        switch code {
        case EROFS: "read-only file system"
        case EACCES, EPERM: "permission denied"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
