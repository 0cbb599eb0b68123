import Foundation
import GRDB
import Testing
import TestHTTPServer
import TestSupport

/// The database and output files under hostile conditions, through the built binary: other names
/// for the file, other programs' files, read-only and full file systems, leftovers of killed runs.
@Suite struct StorageTests: PresskitSuite {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
        try FileManager.default.copyItem(at: Repository.catalog, to: directory.url.appendingPathComponent("Catalog"))
    }

    /// Runs `script` with /bin/sh in the test folder, `$PRESSKIT` naming the binary; nil status when
    /// the script says the environment cannot do it (exit 77, as automake's skip).
    func shell(_ script: String) async throws -> ShellResult {
        try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = directory.url
            var environment = ProcessInfo.processInfo.environment
            environment["PRESSKIT"] = try PresskitBinary.url.path
            environment.removeValue(forKey: "PRESSKIT_DB")
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return ShellResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                               stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    struct ShellResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func digest(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func siblings(of path: String) -> [String] {
        ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: path + $0) }
    }

    // MARK: Two names for one file

    @Test func aHardLinkedDatabaseIsRefusedByEveryCommand() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        #expect(link(directory.path("presskit.sqlite"), directory.path("hard.sqlite")) == 0)
        for arguments in [["import", "--db", "hard.sqlite"], ["check", "--all", "--db", "hard.sqlite"],
                          ["check", "--all"], ["events", "--db", "hard.sqlite"], ["import"]] {
            let refused = try await PresskitBinary.run(arguments, in: directory.path)
            #expect(refused.status == 3, "\(arguments)")
            #expect(refused.stderr.contains("has 2 names (hard links), and SQLite's write-ahead log cannot be shared between names"), "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1)
        }
        #expect(siblings(of: directory.path("hard.sqlite")).isEmpty, "SQLite never opened the second name")
    }

    /// A check refused at once (here: a second name for the database) exits with its status every
    /// time, never with a signal: loading libcurl on another thread while the check opened its
    /// database once let such a check exit mid-initialisation, and 3% of them crashed (SIGSEGV).
    @Test func aCheckRefusedAtOnceExitsWithItsStatusEveryTime() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        #expect(link(directory.path("presskit.sqlite"), directory.path("hard.sqlite")) == 0)
        let result = try await shell("""
            for run in $(seq 40); do "$PRESSKIT" check --all --quiet --db hard.sqlite >/dev/null 2>&1; echo $?; done
            """)
        let statuses = result.stdout.split(separator: "\n")
        #expect(statuses.count == 40 && statuses.allSatisfy { $0 == "3" }, "\(statuses)")
    }

    @Test func twoChecksThroughTwoNamesMeetOneLock() async throws {
        let server = try TestHTTPServer(routes: ["/slow.mp4": .slowFirstByte(8, then: .file(size: 10, contentType: "video/mp4"))])
        defer { server.stop(); directory.remove() }
        try directory.write("Catalog/slow.yaml", """
            event: {id: slow, title: Slow, type: other, start: 2023-01-01}
            assets: [{kind: video, title: Slow, url: "\(server.url("/slow.mp4"))"}]
            """)
        try directory.write("policies/link-check.yaml", "allow_private_addresses: true\nretries: 0\ntotal_timeout: 20s\n")
        #expect(try await presskit("import", "Catalog/slow.yaml").status == 0)
        try FileManager.default.createDirectory(atPath: directory.path("elsewhere"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: directory.path("elsewhere/link.sqlite"), withDestinationPath: directory.path("presskit.sqlite"))

        // Given one check running through the real name...
        let first = try PresskitBinary.start(["check", "slow", "--policies", "policies"], in: directory.path)
        let lock = directory.path("presskit.sqlite.check-lock")
        func holding() -> Bool { ((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").contains("pid \(first.processIdentifier)") }
        for _ in 0..<600 where !holding() { try await Task.sleep(for: .milliseconds(50)) }
        try #require(holding(), "the first check took its lock")
        // ...a second through a symbolic link in another folder meets the same lock, and one through a
        // hard link is refused before SQLite opens it.
        let throughSymlink = try await presskit("check", "slow", "--policies", "policies", "--db", "elsewhere/link.sqlite")
        #expect(throughSymlink.status == 4, "\(throughSymlink.stderr)")
        #expect(throughSymlink.stderr.contains("(pid \(first.processIdentifier)"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("elsewhere/link.sqlite.check-lock")))
        #expect(link(directory.path("presskit.sqlite"), directory.path("hard.sqlite")) == 0)
        let throughHardLink = try await presskit("check", "slow", "--policies", "policies", "--db", "hard.sqlite")
        #expect(throughHardLink.status == 3)
        #expect(try await PresskitBinary.wait(for: first) == 0)
        unlink(directory.path("hard.sqlite"))
        let database = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        #expect(try await database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM link_check") } == 1, "one check ran, not two")
    }

    // MARK: Files that are not presskit catalogues

    @Test func listingsNeverChangeAnotherProgramsDatabaseOrAnEmptyFile() async throws {
        defer { directory.remove() }
        let foreign = directory.path("other.sqlite")
        let other = try DatabaseQueue(path: foreign)
        try await other.write { try $0.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO note VALUES (1, 'keep me')") }
        try other.close()
        FileManager.default.createFile(atPath: directory.path("empty.sqlite"), contents: Data())
        for file in ["other.sqlite", "empty.sqlite"] {
            let path = directory.path(file)
            let before = try digest(path)
            for arguments in [["events"], ["assets", "x"], ["show", "x"], ["manifest", "x"], ["report"], ["check", "--all"]] {
                let result = try await PresskitBinary.run(arguments + ["--db", file], in: directory.path)
                #expect(result.status == 3, "\(arguments) \(file): \(result.stderr)")
                #expect(result.stderr.contains("is not a presskit database"), "\(arguments) \(file)")
                #expect(try digest(path) == before, "\(arguments) left \(file) byte for byte as it was")
                #expect(siblings(of: path).isEmpty)
            }
        }
        let onForeign = try await presskit("import", "--db", "other.sqlite")
        #expect(onForeign.status == 3)
        #expect(onForeign.stderr.contains("'other.sqlite' is not a presskit database (another program's SQLite file)"))
        #expect(try await presskit("import", "--db", "empty.sqlite").status == 0, "an empty file becomes a catalogue by import")
    }

    @Test func databaseErrorsNameTheirCause() async throws {
        defer { directory.remove() }
        let noFolder = try await presskit("events", "--db", "nowhere/c.sqlite")
        #expect(noFolder.status == 3)
        #expect(noFolder.stderr == "presskit: error: cannot open catalogue 'nowhere/c.sqlite': there is no folder 'nowhere'; create it, or pass --db with another path\n")
        let importNoFolder = try await presskit("import", "--db", "nowhere/c.sqlite")
        #expect(importNoFolder.status == 3 && importNoFolder.stderr.contains("there is no folder"))
        try directory.write("notes.sqlite", String(repeating: "not a database ", count: 100))
        let text = try await presskit("events", "--db", "notes.sqlite")
        #expect(text.status == 3)
        #expect(text.stderr.contains("'notes.sqlite' is not a SQLite database"))
        let missing = try await presskit("events")
        #expect(missing.status == 3 && missing.stderr.contains("run 'presskit import' first"))

        #expect(try await presskit("import").status == 0)
        let database = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        try await database.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99: from the future')") }
        try database.close()
        let newer = try await presskit("events")
        #expect(newer.status == 3)
        #expect(newer.stderr.contains("was written by a newer presskit; upgrade presskit"))
    }

    @Test func listingsDoNotMigrateAnOlderCatalogueButImportDoes() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        let database = try DatabaseQueue(path: directory.path("presskit.sqlite"))
        // Back to the schema before "v6: media properties read by probes".
        let v6Columns = ["media_bytes", "media_note", "media_format", "width", "height", "duration", "frame_rate", "video_codec",
                         "audio_codec", "sample_rate", "channels", "pages", "page_title", "og_title", "og_description", "og_image", "canonical_url"]
        try await database.write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%'; ALTER TABLE link DROP COLUMN media_check_id")
            for column in v6Columns { try db.execute(sql: "ALTER TABLE link_check DROP COLUMN \(column)") }
        }
        try database.close()
        let before = try digest(directory.path("presskit.sqlite"))
        let listed = try await presskit("events")
        #expect(listed.status == 3)
        #expect(listed.stderr.contains("was written by an older presskit; run 'presskit import'"))
        #expect(try digest(directory.path("presskit.sqlite")) == before)
        #expect(try await presskit("import").status == 0)
        #expect(try await presskit("events").status == 0)
    }

    // MARK: Read-only databases

    @Test func aReadOnlyFileSystemIsListedAndRefusedForWriting() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        let before = try digest(directory.path("presskit.sqlite"))
        // A read-only bind mount of the folder, in a mount namespace of its own.
        let result = try await shell("""
            unshare -m sh -c 'mount --bind -o ro "$PWD" "$PWD"' 2>/dev/null || exit 77
            exec unshare -m sh -c '
              mount --bind -o ro "$PWD" "$PWD" && cd "$PWD" || exit 77
              "$PRESSKIT" events >/dev/null 2>&1; echo "events $?"
              "$PRESSKIT" manifest western-balkans-visit-2023 >/dev/null 2>&1; echo "manifest $?"
              "$PRESSKIT" report 2>&1 >/dev/null; echo "report $?"
              "$PRESSKIT" import 2>&1; echo "import $?"
              "$PRESSKIT" check --all 2>&1; echo "check $?"
              ls -a'
            """)
        try #require(result.status != 77, "mounting needs root in a mount namespace: skipped")
        #expect(result.stdout.contains("events 0\n"), "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("manifest 0\n"))
        #expect(result.stdout.contains("report 0\n"))
        #expect(result.stdout.contains("the catalogue is read-only, so the next report starts where this one did"))
        #expect(result.stdout.contains("presskit: error: cannot write catalogue 'presskit.sqlite': the file is read-only (read-only file system); listings can read it, but import and check need a writable file and folder\nimport 3\n"))
        #expect(result.stdout.contains("check 3\n"))
        #expect(!result.stdout.contains("presskit.sqlite-wal") && !result.stdout.contains("presskit.sqlite-shm"))
        #expect(try digest(directory.path("presskit.sqlite")) == before)
    }

    @Test func aFileOthersOwnIsListedWithoutLeavingLogFiles() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        // A folder anyone may write to, and a catalogue only its owner (root) may write: run as nobody.
        chmod(directory.path, 0o777)
        chmod(directory.path("presskit.sqlite"), 0o644)
        let result = try await shell("""
            command -v setpriv >/dev/null || exit 77
            setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null || exit 77
            setpriv --reuid=65534 --regid=65534 --clear-groups "$PRESSKIT" events 2>&1; echo "events $?"
            setpriv --reuid=65534 --regid=65534 --clear-groups "$PRESSKIT" import 2>&1; echo "import $?"
            ls -a
            chmod 600 presskit.sqlite
            setpriv --reuid=65534 --regid=65534 --clear-groups "$PRESSKIT" events 2>&1; echo "unreadable $?"
            """)
        try #require(result.status != 77, "needs setpriv and root: skipped")
        #expect(result.stdout.contains("events 0\n"), "\(result.stdout)")
        #expect(result.stdout.contains("import 3\n"))
        #expect(result.stdout.contains("cannot write catalogue 'presskit.sqlite': the file is read-only (permission denied)"))
        #expect(!result.stdout.contains("presskit.sqlite-wal") && !result.stdout.contains("presskit.sqlite-shm"), "\(result.stdout)")
        #expect(result.stdout.contains("presskit: error: cannot open catalogue 'presskit.sqlite': permission denied; ask the file's owner for access, or pass --db\nunreadable 3\n"))
    }

    @Test func aListingOfAWritableCatalogueLeavesNoLogFilesEither() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        #expect(siblings(of: directory.path("presskit.sqlite")).isEmpty)
        let before = try digest(directory.path("presskit.sqlite"))
        #expect(try await presskit("events").status == 0)
        #expect(try await presskit("show", "western-balkans-visit-2023").status == 0)
        #expect(siblings(of: directory.path("presskit.sqlite")).isEmpty)
        #expect(try digest(directory.path("presskit.sqlite")) == before)
    }

    // MARK: A full disk

    @Test func aFullDiskIsExitThreeInOneLineAndLeavesTheCatalogueAsItWas() async throws {
        defer { directory.remove() }
        // 3,000 assets: more than a 1 MiB file system holds, once the schema fits.
        let generator = Repository.root.appendingPathComponent(".ci/generate-catalogue.py").path
        let result = try await shell("""
            python3 "\(generator)" big --events 60 --stories-per-event 5 --assets-per-story 10 >/dev/null || exit 78
            mkdir small
            unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs small' 2>/dev/null || exit 77
            exec unshare -m sh -c '
              mount -t tmpfs -o size=1m tmpfs small || exit 77
              "$PRESSKIT" import big --db small/c.sqlite 2>&1; echo "first $?"
              ls -A small; echo "listed"
              "$PRESSKIT" import Catalog --db small/c.sqlite >/dev/null 2>&1; echo "sample $?"
              "$PRESSKIT" import big --db small/c.sqlite 2>&1; echo "second $?"
              "$PRESSKIT" events --db small/c.sqlite | tail -n +2 | wc -l'
            """)
        try #require(result.status != 77, "mounting a tmpfs needs root in a mount namespace: skipped")
        try #require(result.status != 78, "python3 is needed to write the catalogue")
        let full = "presskit: error: cannot write catalogue 'small/c.sqlite': the disk is full; free some space and run the command again (the catalogue is unchanged)"
        // The first import: exit 3 in one line, and no database (nor -wal, -shm) left to list "No events." from.
        #expect(result.stdout.hasPrefix(full + "\nfirst 3\nlisted\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("INSERT") && !result.stdout.contains("SQLite error"))
        // An import into an existing catalogue: the same line, and the twelve sample events stay.
        #expect(result.stdout.contains("sample 0\n" + full + "\nsecond 3\n12\n"), "\(result.stdout)")
    }

    // MARK: Leftovers of killed runs

    @Test func leftoversOfKilledManifestRunsGoWithTheNextWrite() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        let old = Date(timeIntervalSinceNow: -3_600), future = Date(timeIntervalSinceNow: 3_600)
        func leave(_ name: String, folder: Bool, at date: Date) throws {
            let path = directory.path(name)
            if folder {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                try Data("half a kit".utf8).write(to: URL(fileURLWithPath: path + "/x.json"))
            } else {
                try Data("half a kit".utf8).write(to: URL(fileURLWithPath: path))
            }
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        }
        try leave(".site.presskit-0badf00d", folder: true, at: old)
        try leave(".site.presskit-1badf00d.old", folder: true, at: old)
        try leave(".site.presskit-2badf00d", folder: true, at: future)  // a run that started after this one
        try leave(".kit.json.presskit-3badf00d", folder: false, at: old)
        try leave(".other.json.presskit-4badf00d", folder: false, at: old)  // another output's: not ours
        #expect(try await presskit("manifest", "--all", "-o", "site").status == 0)
        #expect(try await presskit("manifest", "western-balkans-visit-2023", "-o", "kit.json").status == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".presskit-") }
        #expect(Set(left) == [".site.presskit-2badf00d", ".other.json.presskit-4badf00d"])
    }
}
