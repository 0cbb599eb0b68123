import StrictYAML
import ArgumentParser
import Catalogue
import Foundation
import PressKit

@main
struct Presskit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presskit",
        abstract: "Catalogue press-kit assets, check their links on a schedule, and write press kits per event.",
        discussion: """
            Catalogue files (YAML, one per event) live under Catalog/; `presskit import` loads them into a
            SQLite database (--db, $PRESSKIT_DB, default ./presskit.sqlite).

            Exit status: 0 success; 1 problems found (failing links, a kit the policy refuses); 2 usage
            error, invalid input or unknown event; 3 database unavailable; 4 another check is running.
            """,
        subcommands: [Import.self, Validate.self, Events.self, Assets.self, Show.self, Check.self, Manifest.self, Report.self, Schedule.self])

    /// Runs the command and maps every failure to the documented exit status (ArgumentParser's own
    /// usage errors would otherwise exit 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            Terminal.printError(failure.message)
            Foundation.exit(failure.status.rawValue)
        } catch let error as CatalogueStore.OpenError {
            Terminal.printError(error.description)
            Foundation.exit(ExitStatus.databaseUnavailable.rawValue)
        } catch let error as CatalogueStore.StorageError {
            Terminal.printError(error.description)
            Foundation.exit(ExitStatus.databaseUnavailable.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)
            }
            if code == .validationFailure {
                Terminal.printError(fullMessage(for: error))
                Foundation.exit(ExitStatus.invalidInput.rawValue)
            }
            if let databaseError = error as? DatabaseFailure {
                Terminal.printError(databaseError.description)
                Foundation.exit(ExitStatus.databaseUnavailable.rawValue)
            }
            exit(withError: error)
        }
    }
}
