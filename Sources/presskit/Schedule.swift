import ArgumentParser
import Foundation
import PressKit

extension Presskit {
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Print a crontab line, or a systemd service and timer, that run the scheduled link check.",
            discussion: """
                The schedule runs `presskit check --due --notify` with this binary, database and policies \
                folder (absolute paths), every --every minutes. Nothing is installed: copy what is printed \
                (README.md, "Scheduled checks").
                """)

        @Flag(help: "Print a crontab line.")
        var cron = false

        @Flag(help: "Print presskit-check.service and presskit-check.timer for systemd.")
        var systemd = false

        @Option(help: ArgumentHelp("Minutes between runs: 5, 10, 15, 20, 30, 60, or whole hours as 120, 180…", valueName: "minutes"))
        var every = 15

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if cron == systemd { throw ValidationError("pass --cron or --systemd") }
            if !ScheduleUnits.isSupported(minutes: every) {
                throw ValidationError("--every \(every) cannot be scheduled evenly; use a divisor of 60 (5, 10, 15, 20, 30) or whole hours dividing 24")
            }
        }

        func run() throws {
            let here = FileManager.default.currentDirectoryPath
            func absolute(_ path: String) -> String {
                URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: here, isDirectory: true)).standardizedFileURL.path
            }
            let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? absolute(CommandLine.arguments[0])
            // A schedule pointing at a database that is not there would fail every run, silently, in a log.
            if database.path == nil, !FileManager.default.fileExists(atPath: database.resolvedPath) {
                throw CommandFailure(
                    message: "no catalogue database at '\(absolute(database.resolvedPath))': run the schedule command where `presskit import` wrote it, or pass --db",
                    status: .invalidInput)
            }
            // `swift build` replaces .build/debug/presskit on every build, and a clean removes it.
            if binary.contains("/.build/") {
                Terminal.printToStandardError(
                    "presskit: warning: '\(binary)' is a build inside a source tree, which the next build or clean replaces; install presskit (README.md, \"Install\": .ci/install) and run schedule from the installed binary\n")
            }
            let units = ScheduleUnits(binary: binary, database: absolute(database.resolvedPath),
                                      policies: policies.folder.path.map(absolute),
                                      workingDirectory: here, everyMinutes: every)
            Terminal.write(cron ? units.crontab : units.systemd)
        }
    }
}
