import ArgumentParser
import Foundation
import PressKit

extension ManifestFormat: CaseInsensitiveArgument {}
extension KitAudience: CaseInsensitiveArgument {}

extension Presskit {
    struct Manifest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "manifest",
            abstract: "Write an event's press kit (JSON, YAML, Markdown, HTML, IPTC ninjs), or a site of every kit.",
            discussion: """
                The kit follows Policies/press-kit.yaml: embargoed assets are held back, problem links are \
                flagged or left out, missing kinds are reported. Output is deterministic: the same catalogue, \
                check results, policy and --as-of give the same bytes.
                """ + "\n\n" + ExitStatus.paragraph([.success, .problemsFound, .invalidInput, .databaseUnavailable], details: [
                    .success: "written",
                    .problemsFound: "the policy refuses the kit: a 'fail' rule, or any violation with --strict; nothing written",
                ]))

        @Argument(help: ArgumentHelp("The event's id, or an unambiguous prefix of it.", valueName: "event"))
        var event: String?

        @Flag(help: "Write every event's kit and an index into the folder given by -o, replaced as a whole.")
        var all = false

        @Option(help: "json, yaml, markdown, html, ninjs (IPTC ninjs 3.1) or ninjs2 (ninjs 2.2).")
        var format: ManifestFormat = .json

        @Option(name: .shortAndLong, help: ArgumentHelp(
            "Write to this file (atomically), or with --all to this folder; default standard output.", valueName: "path"))
        var output: String?

        @Option(help: ArgumentHelp(
            "public (what a journalist may use: no link health, ids or left-out assets) or staff (the review copy). Default: public for html, markdown; staff for json, yaml, ninjs, ninjs2.",
            valueName: "audience"))
        var audience: KitAudience?

        @Flag(help: "Refuse the kit (exit \(ExitStatus.problemsFound.rawValue), nothing written) when it breaks the policy in any way, listing every violation.")
        var strict = false

        @Option(name: .customLong("as-of"), help: ArgumentHelp(
            "Build the kit as at this moment (RFC 3339 with zone, or a date meaning 00:00 UTC): embargoes and staleness; recorded in the kit.",
            valueName: "time"), transform: PointInTime.parse)
        var asOf: PointInTime?

        @Flag(help: "Record the moment the kit was built (as_of) even without --as-of; kits then differ on every run.")
        var timestamp = false

        @Option(help: ArgumentHelp(
            "Build the kit in this language (BCP 47: en, fr): texts in it where the catalogue gives them, else in the event's language; the kit's own words in it (en and fr shipped). Written as the kit's top-level 'language'.",
            valueName: "tag"))
        var language: String?

        @Flag(name: .customLong("all-languages"), help: "json and yaml: give each translated text in every language the catalogue has, as 'translations' objects.")
        var allLanguages = false

        @Flag(name: .customLong("with-files"), help: ArgumentHelp(
            "With --all and html: put the archived file of every published asset in the site (hard-linked where possible, else copied) under DIR/EVENT/files/, point downloads at it with the original URL shown, and offer each fully archived kit as DIR/EVENT/EVENT.zip (see presskit bundle)."))
        var withFiles = false

        @OptionGroup var policies: PolicyOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if all && event != nil { throw ValidationError("name one event or pass --all, not both") }
            if !all && event == nil { throw ValidationError("name the event, or pass --all with -o DIR") }
            if all && output == nil { throw ValidationError("--all writes a folder: pass -o DIR") }
            if let language, let problem = KitLanguage.problem(language) { throw ValidationError("--language: \(problem)") }
            if all && language != nil { throw ValidationError("--all builds the languages of the policy's 'languages' list; leave out --language") }
            if withFiles && !all { throw ValidationError("--with-files belongs to a site: pass --all -o DIR (for one kit, see presskit bundle)") }
            if withFiles && (format != .html || (audience ?? format.defaultAudience) != .public) {
                throw ValidationError("--with-files writes the public HTML site: use --format html without --audience staff")
            }
        }

        func run() throws {
            let policy = try policies.pressKitPolicy()
            let moment = asOf?.date ?? Date()
            // Probed files are held to the link-check policy's `expect`, as checks hold them.
            var builder = ManifestBuilder(policy: policy, asOf: moment, recordsAsOf: asOf != nil || timestamp,
                                          expectations: try policies.linkCheckPolicy().expectations,
                                          language: language, includesTranslations: allLanguages)
            let store = try database.openExisting()
            let audience = audience ?? format.defaultAudience
            if all {
                warnAboutStaleCatalogue(store)
                let ids = try withDatabase(store) { try store.events().map(\.event.id) }
                let languages = policy.siteLanguages
                var editions: [(language: String, kits: [PressKit.Manifest])] = []
                if languages.count > 1 {
                    for tag in languages {
                        builder.language = tag
                        editions.append((tag, try ids.compactMap { id in try withDatabase(store) { try builder.manifest(eventID: id, from: store) } }))
                    }
                }
                // One language: the site as it always was, kits in each event's own language. Several:
                // violations do not depend on the language, so they are refused once, from the first edition.
                let kits = languages.count > 1
                    ? editions[0].kits
                    : try ids.compactMap { id in try withDatabase(store) { try builder.manifest(eventID: id, from: store) } }
                try refuseIfBroken(kits)
                var site = PressSite(format: format, audience: audience, siteURL: policy.siteURL, moment: moment)
                let files = { (site: PressSite) in languages.count > 1 ? site.files(editions: editions) : site.files(kits) }
                if withFiles {
                    let operation = BundleOperation(pressKitPolicy: policy, archivePolicy: try policies.folder.archivePolicy(),
                                                    databasePath: database.resolvedPath)
                    try write {
                        try KitFiles.writeSite(to: output!) { staging in
                            // Files and bundles are placed once, at the site's root; a bundle's page is in the first language.
                            try operation.placeFiles(of: kits, in: staging, site: &site, catalogue: store, asOf: asOf?.date) { id, missing in
                                Terminal.printLineToStandardError("presskit: warning: \(id): \(missing) asset\(missing == 1 ? " has" : "s have") no archived copy: \(missing == 1 ? "its download links" : "their downloads link") to the original and the kit has no bundle; run 'presskit archive \(id)'")
                            }
                            for file in files(site) { try staging.write(file.name, file.text) }
                        }
                    }
                } else {
                    try write { try KitFiles.writeSite(files(site), to: output!) }
                }
            } else {
                let id = try resolveEvent(event!, in: store)
                warnAboutStaleCatalogue(store, events: [id])
                guard let kit = try withDatabase(store, { try builder.manifest(eventID: id, from: store) }) else {
                    throw CommandFailure(message: "event '\(id)' was removed while reading; run the command again", status: .invalidInput)
                }
                try refuseIfBroken([kit])
                let text = format.renderer(for: audience, siteURL: policy.siteURL).render(kit)
                if let output {
                    try write { try KitFiles.write(text, to: output) }
                } else {
                    Terminal.write(text)
                }
            }
        }

        /// A kit the policy refuses is not written: with --strict any violation, else `fail` rules only.
        private func refuseIfBroken(_ kits: [PressKit.Manifest]) throws {
            let refusing = kits.flatMap { kit in
                kit.violations.filter { strict || $0.action == .fail }.map { (kit.event.id, $0) }
            }
            guard !refusing.isEmpty else { return }
            for (eventID, violation) in refusing {
                let subject = violation.asset.map { "\(eventID): \($0)" } ?? eventID
                Terminal.printLineToStandardError("\(subject): \(violation.rule) (\(violation.action.rawValue)): \(violation.message)")
            }
            let count = refusing.count
            throw CommandFailure(
                message: "the press-kit policy refuses \(kits.count == 1 ? "the kit" : "these kits") (\(count) violation\(count == 1 ? "" : "s")\(strict ? ", --strict" : "")); nothing was written",
                status: .problemsFound)
        }

        private func write(_ body: () throws -> Void) throws {
            do {
                try body()
            } catch let error as KitFiles.WriteError {
                throw CommandFailure(message: error.description, status: .invalidInput)
            } catch let error as KitBundle.Failure {
                throw CommandFailure(message: "cannot write '\(output ?? "-")': \(error.description)", status: .invalidInput)
            }
        }
    }
}
