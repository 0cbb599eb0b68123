import ArgumentParser
import Foundation
import PressKit

extension Presskit {
    struct Bundle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: "Write an event's press kit and its files as one ZIP: a BagIt 1.0 bag a newsroom can verify.",
            discussion: """
                The bag holds bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt and data/: \
                index.html (the kit's page, its downloads pointing at the files beside it), kit.json, \
                kit.ninjs.json and every file the kit publishes under data/STORY/KIND/TITLE.EXT, from the \
                archive (Policies/archive.yaml). Assets without an archived copy are archived first; with \
                --offline they are an error. Deterministic: the same kit, copies and --as-of give the same bytes.
                """ + "\n\n" + ExitStatus.paragraph([.success, .problemsFound, .invalidInput, .databaseUnavailable], details: [
                    .success: "written",
                    .problemsFound: "the policy refuses the kit, or an asset could not be archived; nothing written",
                    .invalidInput: "also: with --offline, an asset without an archived copy (each one listed); nothing written",
                ]))

        @Argument(help: ArgumentHelp("The event's id, or an unambiguous prefix of it.", valueName: "event"))
        var event: String

        @Option(name: .shortAndLong, help: ArgumentHelp("The ZIP file to write (atomically).", valueName: "file.zip"))
        var output: String

        @Option(help: ArgumentHelp("public (default: what a journalist may use) or staff (the review copy's page and JSON).",
                                   valueName: "audience"))
        var audience: KitAudience = .public

        @Option(name: .customLong("as-of"), help: ArgumentHelp(
            "Build the kit as at this moment (RFC 3339 with zone, or a date meaning 00:00 UTC): embargoes, staleness, and the bag's Bagging-Date (default: the event's last day).",
            valueName: "time"), transform: PointInTime.parse)
        var asOf: PointInTime?

        @Flag(help: "Fetch nothing: an asset without an archived copy is an error that lists every one missing.")
        var offline = false

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let pressKitPolicy = try policies.pressKitPolicy()
            let operation = BundleOperation(pressKitPolicy: pressKitPolicy, archivePolicy: try policies.folder.archivePolicy(),
                                            databasePath: database.resolvedPath)
            let builder = ManifestBuilder(policy: pressKitPolicy, asOf: asOf?.date ?? Date(), recordsAsOf: asOf != nil,
                                          expectations: try policies.linkCheckPolicy().expectations)
            let store = try database.openExisting()
            let id = try resolveEvent(event, in: store)
            warnAboutStaleCatalogue(store, events: [id])
            guard let kit = try withDatabase(store, { try builder.manifest(eventID: id, from: store) }) else {
                throw CommandFailure(message: "event '\(id)' was removed while reading; run the command again", status: .invalidInput)
            }
            let refusing = kit.violations.filter { $0.action == .fail }
            if !refusing.isEmpty {
                for violation in refusing {
                    Terminal.printLineToStandardError("\(violation.asset.map { "\(id): \($0)" } ?? id): \(violation.rule) (fail): \(violation.message)")
                }
                throw CommandFailure(message: "the press-kit policy refuses the kit (\(refusing.count) violation\(refusing.count == 1 ? "" : "s")); nothing was written",
                                     status: .problemsFound)
            }
            var copies = try operation.copies(of: kit, in: store)
            let missing = BundlePaths.missing(kit, copies: copies)
            if !missing.isEmpty && !offline {
                copies = try await archive(missing, of: kit, operation: operation)
            } else if !missing.isEmpty {
                for asset in missing { Terminal.printLineToStandardError("\(id): \(asset.id): no archived copy of \(asset.url)") }
                throw CommandFailure(message: BundleOperation.missingMessage(missing, event: id), status: .invalidInput)
            }
            let bundle = operation.bundle(kit, audience: audience, copies: copies, asOf: asOf?.date)
            do {
                try KitFiles.writeStreaming(to: output) { try bundle.write(to: $0) }
            } catch let error as KitFiles.WriteError {
                throw CommandFailure(message: error.description, status: .invalidInput)
            } catch let error as KitBundle.Failure {
                throw CommandFailure(message: "cannot write '\(output)': \(error.description)", status: .invalidInput)
            }
        }

        /// Archives `assets` of event `id` first, through `presskit archive`'s operation (its rules:
        /// only links whose last check works, the policy's kinds and limits), with its progress bar on a terminal.
        /// The assets it could not archive are listed with its reason, and the bundle is refused.
        private func archive(_ assets: [KitAsset], of kit: PressKit.Manifest, operation bundling: BundleOperation) async throws -> [String: BundleSource] {
            let id = kit.event.id
            let operation = ArchiveOperation(database: database.resolvedPath, policies: policies.folder, scope: .urls(assets.map(\.url)))
            let bar = ProgressBar(enabled: Terminal.standardErrorIsTerminal)
            let summary: ArchiveSummary
            do {
                defer { bar.finish() }
                summary = try await operation.run(notes: Terminal.notes) { bar.update($0) }
            }
            let copies = try bundling.copies(of: kit, in: try database.openExisting())
            let missing = BundlePaths.missing(kit, copies: copies)
            guard missing.isEmpty else {
                let reasons = Dictionary(summary.items.map { ($0.url, $0.reason ?? $0.status.rawValue) }, uniquingKeysWith: { first, _ in first })
                for asset in missing {
                    Terminal.printLineToStandardError("\(id): \(asset.id): not archived: \(reasons[asset.url] ?? "no copy") (\(asset.url))")
                }
                throw CommandFailure(message: "\(missing.count) asset\(missing.count == 1 ? "" : "s") of the kit could not be archived; nothing was written",
                                     status: .problemsFound)
            }
            return copies
        }
    }
}
