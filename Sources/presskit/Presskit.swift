import ArgumentParser
import Foundation
import PressKit

@main
struct Presskit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presskit",
        abstract: "Catalogue press-kit assets, check their links on a schedule, and write press kits per event.",
        discussion: """
            Catalogue files (YAML, one per event) live under Catalog/; `presskit import` loads them into a \
            SQLite database (--db, $PRESSKIT_DB, default ./presskit.sqlite).
            """ + "\n\n" + ExitStatus.paragraph(ExitStatus.allCases, details: [
                .problemsFound: "failing links, a kit the policy refuses",
                .invalidInput: "an unknown event, an output path that cannot be written",
                .interrupted: "a check", .terminated: "a check",
            ]),
        version: PresskitVersion.current,
        // Every subcommand spells its `commandName`: without it ArgumentParser derives each name from
        // the type's name, through reflection, on every start (a tenth of a listing's instructions).
        subcommands: [Import.self, Validate.self, Draft.self, Ingest.self, Events.self, Assets.self, Show.self, Check.self, Archive.self, Manifest.self, Bundle.self, Report.self, Schedule.self])

    /// Runs the command and maps every failure to the documented exit status (ArgumentParser's own
    /// usage errors would otherwise exit 64).
    static func main() async {
        do {
            // A plain `assets` listing skips ArgumentParser's reflection (AssetsCommandLine says why).
            let arguments = Array(CommandLine.arguments.dropFirst())
            if let listing = AssetsCommandLine(arguments) {
                try listing.run()
                return
            }
            // So does a plain check (CheckCommandLine).
            if let check = CheckCommandLine(arguments) {
                try await check.request.run()
                return
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            Terminal.printError(failure.message)
            Foundation.exit(failure.status.rawValue)
        } catch let failure as ExitStatus {
            Foundation.exit(failure.rawValue)
        } catch {
            // An operation's failure, or the store's (`OperationFailure.from` says which mean what).
            if let failure = OperationFailure.from(error) {
                for line in failure.details { Terminal.printLineToStandardError(line) }
                Terminal.printError(failure.message)
                Foundation.exit(ExitStatus(failure.reason).rawValue)
            }
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)
            }
            if code == .validationFailure {
                Terminal.printError(withoutErrorPrefix(fullMessage(for: error)), withUsage: true)
                Foundation.exit(ExitStatus.invalidInput.rawValue)
            }
            if error is ExitCode { exit(withError: error) }
            Terminal.printError(readableMessage(for: error))
            Foundation.exit(code.rawValue)
        }
    }

    /// ArgumentParser's message starts with its own "Error: ", which `Terminal.printError` already says.
    static func withoutErrorPrefix(_ message: String) -> String {
        message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
    }

    /// One line for an error no command turned into a `CommandFailure`: never Foundation's
    /// `Error Domain=… Code=… UserInfo=…`, which tells a press officer nothing.
    static func readableMessage(for error: any Error) -> String {
        let fromFoundation = error is CocoaError || type(of: error as Any) is NSError.Type
        guard fromFoundation else { return String(describing: error) }
        let nsError = error as NSError
        let path = (nsError.userInfo[NSFilePathErrorKey] as? String) ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        let cause = (nsError.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { underlying in
            underlying.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(underlying.code))) : nil
        }
        switch (path, cause) {
        case let (path?, cause?): return "cannot use '\(path)': \(cause.prefix(1).lowercased() + cause.dropFirst())"
        case let (path?, nil): return "cannot use '\(path)'"
        default: return "an unexpected failure (code \(nsError.code)); run the command again, and report it if it persists"
        }
    }
}
