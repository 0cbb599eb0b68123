import Foundation
import Testing
import TestSupport

/// What a new user meets first: one-line errors for every failure the CLI can reach (never
/// Foundation's `Error Domain=…` text), `--version`, help wrapped by the terminal only, names in any
/// case, `schedule`'s checks, and the repository's advice on what to keep out of git.
@Suite struct SurfaceTests: PresskitSuite {
    let directory: TemporaryDirectory

    init() async throws {
        directory = try TemporaryDirectory()
        try FileManager.default.copyItem(at: Repository.catalog, to: directory.url.appendingPathComponent("Catalog"))
    }

    /// Runs `command` (a wrapper such as unshare or setpriv, then presskit's arguments) in the folder.
    func wrapped(_ command: [String], _ arguments: [String]) async throws -> PresskitBinary.Result {
        try await onOwnThread { [directory] in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst()) + [try PresskitBinary.url.path] + arguments
            process.currentDirectoryURL = directory.url
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "PRESSKIT_DB")
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return PresskitBinary.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                         stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// A failure a person reads: a non-zero status and one `presskit: error:` line with one prefix,
    /// after any diagnostics, and nothing of Foundation's error text anywhere.
    func expectOneLineError(_ result: PresskitBinary.Result, status: Int32, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(what): \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let errors = lines.filter { $0.hasPrefix("presskit: error: ") }
        #expect(errors.count == 1, "\(what): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Error: "), "one prefix only — \(what): \(result.stderr)", sourceLocation: sourceLocation)
        for foundation in ["Error Domain", "NSCocoaErrorDomain", "NSPOSIXErrorDomain", "UserInfo="] {
            #expect(!result.stderr.contains(foundation) && !result.stdout.contains(foundation), "\(what): \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyErrorPathIsOneReadableLine() async throws {
        defer { directory.remove() }
        // Before any import: listings find no database.
        for listing in [["events"], ["assets", "western"], ["show", "western"], ["manifest", "western"], ["report"], ["check", "--all"]] {
            expectOneLineError(try await PresskitBinary.run(listing, in: directory.path), status: 3, "\(listing) with no database")
        }
        #expect(mkfifo(directory.path("fifo"), 0o644) == 0)
        try "not a database, just text\n".write(toFile: directory.path("other.sqlite"), atomically: true, encoding: .utf8)
        expectOneLineError(try await presskit("events", "--db", "other.sqlite"), status: 3, "not a database")
        expectOneLineError(try await presskit("events", "--db", "no-such-folder/x.sqlite"), status: 3, "missing folder")
        #expect(try await presskit("import").status == 0)

        let usage: [[String]] = [
            ["frobnicate"], ["events", "--from", "yesterday"], ["assets"], ["assets", "western", "--kind", "hologram"],
            ["manifest"], ["manifest", "western", "--all"], ["manifest", "western", "--as-of", "soon"],
            ["manifest", "western", "--format", "pdf"], ["check", "western", "--fail-on", "brokn"], ["check"],
            ["report", "--since", "the dawn of time"], ["schedule"], ["schedule", "--cron", "--every", "7"],
            ["assets", "no-such-event"], ["assets", "western", "--story", "no-such-story"],
            ["manifest", "western", "-o", "no-such-folder/kit.json"], ["manifest", "western", "-o", "Catalog"],
            ["manifest", "--all", "-o", "Catalog"], ["report", "-o", "no-such-folder/report.txt"],
            ["report", "-o", "fifo"], ["manifest", "western", "-o", "fifo"],
            ["check", "western", "--policies", "no-such-policies"], ["validate", "no-such-file.yaml"],
        ]
        for arguments in usage {
            expectOneLineError(try await PresskitBinary.run(arguments, in: directory.path), status: 2, "\(arguments)")
        }
        let fifo = try FileManager.default.attributesOfItem(atPath: directory.path("fifo"))[.type] as? FileAttributeType
        #expect(fifo != .typeRegular, "a pipe (or a device, /dev/stdout) is never replaced by a file")
        // The usage that follows an argument error keeps its lines.
        let usageError = try await presskit("manifest")
        #expect(usageError.stderr.hasPrefix("presskit: error: name the event, or pass --all with -o DIR\nUsage: presskit manifest "), "\(usageError.stderr)")
        try directory.write("bad-policies/link-check.yaml", "retries: many\n")
        expectOneLineError(try await presskit("check", "western", "--policies", "bad-policies"), status: 2, "invalid policy")
        try directory.write("Catalog/broken.yaml", "event: [")
        expectOneLineError(try await presskit("import"), status: 2, "invalid catalogue")
    }

    /// `-o` through a symbolic link writes the file it names and leaves the link a link. Renaming over
    /// the link replaced it: `manifest -o /dev/stdout > kit.json` as root turned /dev/stdout into a file.
    @Test func anOutputThroughASymbolicLinkWritesItsTargetAndKeepsTheLink() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        try FileManager.default.createDirectory(atPath: directory.path("published"), withIntermediateDirectories: false)
        try "old kit\n".write(toFile: directory.path("published/kit.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.path("kit.json"), withDestinationPath: "published/kit.json")
        #expect(try await presskit("manifest", "western", "-o", "kit.json").status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("kit.json")) == "published/kit.json")
        #expect(try String(contentsOfFile: directory.path("published/kit.json"), encoding: .utf8).contains("\"schema\" : \"presskit.manifest/1\""))

        // /dev/stdout's own shape: a link to /proc/self/fd/1, standard output redirected to a file.
        try FileManager.default.createSymbolicLink(atPath: directory.path("stdout"), withDestinationPath: "/proc/self/fd/1")
        let redirected = try await wrapped(["/bin/sh", "-c", "exec \"$@\" > out.json", "sh"], ["manifest", "western", "-o", "stdout"])
        #expect(redirected.status == 0, "\(redirected.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("stdout")) == "/proc/self/fd/1")
        #expect(try String(contentsOfFile: directory.path("out.json"), encoding: .utf8).contains("presskit.manifest/1"))

        // A site reached through a link: the site it names is replaced, the link stays.
        #expect(try await presskit("manifest", "--all", "-o", "published/site").status == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.path("site"), withDestinationPath: "published/site")
        #expect(try await presskit("manifest", "--all", "-o", "site").status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("site")) == "published/site")
        #expect(FileManager.default.fileExists(atPath: directory.path("published/site/index.json")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("published")).sorted() == ["kit.json", "site"],
                "no staging folder left beside the site")
    }

    @Test func anOutputPathThatCannotBeWrittenIsOneLineAndExit2() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        // A read-only file system: a tmpfs mounted read-only in a mount namespace of its own.
        try FileManager.default.createDirectory(atPath: directory.path("ro"), withIntermediateDirectories: false)
        let readOnly = ["/usr/bin/unshare", "-rm", "/bin/sh", "-c", "mount -t tmpfs -o ro tmpfs ro && exec \"$@\"", "sh"]
        guard try await wrapped(readOnly, ["--version"]).status == 0 else {
            try Test.cancel("cannot mount a read-only tmpfs here (unshare -rm)")
        }
        for (arguments, target) in [(["manifest", "--all", "-o", "ro/site"], "ro/site"),
                                    (["manifest", "western", "-o", "ro/kit.json"], "ro/kit.json"),
                                    (["report", "-o", "ro/report.txt"], "ro/report.txt")] {
            let result = try await wrapped(readOnly, arguments)
            expectOneLineError(result, status: 2, "\(arguments) on a read-only file system")
            #expect(result.stderr == "presskit: error: cannot write '\(target)': read-only file system\n")
        }

        // A folder this user may not write to (root may write anywhere: run as nobody).
        try FileManager.default.createDirectory(atPath: directory.path("locked"), withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path("locked"))
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        for file in ["presskit.sqlite", "presskit.sqlite-wal", "presskit.sqlite-shm"] where FileManager.default.fileExists(atPath: directory.path(file)) {
            try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: directory.path(file))
        }
        let nobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        guard try await wrapped(nobody, ["--version"]).status == 0 else {
            try Test.cancel("cannot run presskit as nobody here (setpriv)")
        }
        for (arguments, target) in [(["manifest", "--all", "-o", "locked/site"], "locked/site"),
                                    (["manifest", "western", "-o", "locked/kit.json"], "locked/kit.json"),
                                    (["report", "-o", "locked/report.txt"], "locked/report.txt")] {
            let result = try await wrapped(nobody, arguments)
            expectOneLineError(result, status: 2, "\(arguments) into a folder not writable")
            #expect(result.stderr == "presskit: error: cannot write '\(target)': permission denied\n")
        }
    }

    @Test func versionComesFromOnePlace() async throws {
        defer { directory.remove() }
        let source = try String(contentsOf: Repository.root.appendingPathComponent("Sources/PressKit/PresskitVersion.swift"), encoding: .utf8)
        let version = try #require(source.firstMatch(of: /static let current = "([0-9.]+)"/)?.1)
        let printed = try await presskit("--version")
        #expect(printed.status == 0)
        #expect(printed.stdout == "\(version)\n")
    }

    /// Given a terminal as wide as a paragraph, when help is printed, then each paragraph is one
    /// line: the source does not break lines that ArgumentParser then wraps again.
    @Test func helpIsWrappedOnceByTheTerminalsWidth() async throws {
        defer { directory.remove() }
        for command in [[], ["import"], ["validate"], ["events"], ["assets"], ["show"], ["check"], ["manifest"], ["report"], ["schedule"]] {
            let help = try await PresskitBinary.run(command + ["--help"], in: directory.path, environment: ["COLUMNS": "2000"])
            #expect(help.status == 0)
            let overview = try #require(help.stdout.components(separatedBy: "\nUSAGE:").first)
            for paragraph in overview.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                #expect(!paragraph.trimmingCharacters(in: .newlines).contains("\n"), "\(command): «\(paragraph)»")
            }
            let narrow = try await PresskitBinary.run(command + ["--help"], in: directory.path, environment: ["COLUMNS": "60"])
            // USAGE is one line by design (ArgumentParser never wraps it); everything else fits.
            let overlong = narrow.stdout.split(separator: "\n").filter { $0.count > 60 && !$0.hasPrefix("USAGE:") }
            #expect(overlong.isEmpty, "\(command): \(overlong)")
        }
    }

    @Test func namesAreAcceptedInAnyCase() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import", "--format", "JSON").status == 0)
        let videos = try await presskit("assets", "western", "--kind", "Video", "--kind", "B-Roll", "--format", "Json")
        #expect(videos.status == 0, "\(videos.stderr)")
        let kinds = try #require(try jsonObject(videos.stdout)["assets"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
        #expect(!kinds.isEmpty && Set(kinds).isSubset(of: ["video", "b-roll"]))
        #expect(try await presskit("events", "--type", "VISIT", "--format", "CSV").stdout.hasPrefix("id,title,type"))
        #expect(try await presskit("manifest", "western", "--format", "Markdown").stdout.hasPrefix("# "))
        #expect(try await presskit("report", "--format", "JSON", "--since", "1d").status == 0)
        #expect(try await presskit("validate", "--format", "Json").status == 0)
    }

    @Test func scheduleNeedsADatabaseAndWarnsAboutABuildInTheSourceTree() async throws {
        defer { directory.remove() }
        let none = try await presskit("schedule", "--cron")
        expectOneLineError(none, status: 2, "schedule with no database")
        #expect(none.stderr.contains("no catalogue database at '\(directory.url.resolvingSymlinksInPath().path)/presskit.sqlite'")
                || none.stderr.contains("no catalogue database at '\(directory.path)/presskit.sqlite'"), "\(none.stderr)")
        #expect(none.stdout == "", "nothing to paste")
        // A database named with --db may be created later (on another machine, by a later import).
        #expect(try await presskit("schedule", "--cron", "--db", "later.sqlite").status == 0)

        #expect(try await presskit("import").status == 0)
        try directory.write("Policies/notifications.yaml", "webhooks: []\n")
        let printed = try await presskit("schedule", "--cron", "--policies", "Policies")
        #expect(printed.status == 0, "\(printed.stderr)")
        let binary = try PresskitBinary.url.resolvingSymlinksInPath().path
        #expect(printed.stdout.contains(" \(binary) check --due "))
        #expect(printed.stdout.contains("/Policies/notifications.yaml."), "\(printed.stdout)")
        #expect(!printed.stdout.contains("folder/notifications.yaml"))
        #expect(printed.stderr.contains("presskit: warning: '") && printed.stderr.contains("is a build inside a source tree"))
        #expect(printed.stderr.contains("README.md, \"Install\""))
        let withoutPolicies = try await presskit("schedule", "--systemd", "--db", "presskit.sqlite")
        #expect(!withoutPolicies.stdout.contains("folder/notifications.yaml"))
    }

    @Test func gitIgnoresTheCheckLockHereAndInTheAdviceForAnOffice() throws {
        defer { directory.remove() }
        let ignore = try String(contentsOf: Repository.root.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(ignore.split(separator: "\n").contains("*.check-lock"))
        let advice = try String(contentsOf: Repository.root.appendingPathComponent("Catalog/README.md"), encoding: .utf8)
        let block = try #require(advice.components(separatedBy: "```gitignore\n").dropFirst().first?.components(separatedBy: "```").first)
        #expect(block.split(separator: "\n").contains("*.check-lock"))
        #expect(block.split(separator: "\n").contains("*.sqlite"))
    }

    /// The sample's stories link web stories that are also `webstory` assets: each such link counts once.
    @Test func aWebStoryThatIsAlsoAnAssetCountsOnceInTheKit() async throws {
        defer { directory.remove() }
        #expect(try await presskit("import").status == 0)
        let kit = try jsonObject(try await presskit("manifest", "western-balkans-visit-2023", "--format", "json").stdout)
        let summary = try #require(kit["summary"] as? [String: Any])
        let unchecked = try #require(summary["unchecked"] as? [String])
        let stories = try #require(kit["stories"] as? [[String: Any]])
        let groups = (kit["event_assets"] as? [[String: Any]] ?? []) + stories.flatMap { $0["assets"] as? [[String: Any]] ?? [] }
        let assets = groups.flatMap { $0["assets"] as? [[String: Any]] ?? [] }
        let assetURLs = Set(assets.filter { $0["kind"] as? String == "webstory" }.compactMap { $0["url"] as? String })
        let doubled = stories.filter { story in
            guard let url = (story["webstory"] as? [String: Any])?["url"] as? String else { return false }
            return assetURLs.contains(url) && unchecked.contains("story:\(story["id"] as? String ?? "")")
        }
        #expect(!assetURLs.isEmpty, "the sample has webstory assets")
        #expect(doubled.isEmpty, "counted twice: \(doubled.map { $0["id"] ?? "" })")
        // The review copy counts them; the public page never speaks of checks.
        let html = try await presskit("manifest", "western-balkans-visit-2023", "--format", "html", "--audience", "staff")
        #expect(html.stdout.contains("<summary>\(unchecked.count) links</summary>"))
    }
}
