import PressKit

/// `presskit check …` read without swift-argument-parser when the command line is plainly a check,
/// as schedules and scripts write it; for the reason, see `AssetsCommandLine` (here ArgumentParser
/// was 23 M of a one-link check's 73 M instructions, about 5 ms before the first request).
///
/// `check (EVENT… | --all | --due) [--max-urls N] [--max-duration D] [--dry-run] [--notify]
/// [--wait D] [--kind K]… [--format F] [--concurrency N] [--probe | --no-probe] [--quiet]
/// [--policies DIR] [--db PATH]`, in any order, options also as `--name=value`, each given once
/// except `--kind`.
///
/// Anything else returns nil and goes to ArgumentParser, which reads it, or says what is wrong,
/// exactly as before: `--fail-on` (its values run up to the next option), help and version flags,
/// completion requests, short or unknown options, `--`, a repeated option or flag, a value
/// ArgumentParser would refuse, and every combination `CheckRequest.problem` refuses. What is
/// accepted here means what ArgumentParser makes of it, and runs the same code
/// (`CheckRequest.run`); Tests/PresskitCLITests/CheckCommandLineTests.swift holds the two paths to
/// the same results.
struct CheckCommandLine {
    var request: CheckRequest

    static let flags: Set<Substring> = ["--all", "--due", "--dry-run", "--notify", "--probe", "--no-probe", "--quiet"]

    /// `arguments` without the program's name.
    init?(_ arguments: [String]) {
        guard arguments.first == "check",
              let line = PlainCommandLine(arguments.dropFirst(), flags: Self.flags, repeatable: ["--kind"]) else { return nil }
        var policies: String?, database: String?
        var request = CheckRequest(policies: PolicySet(directory: nil), database: "")
        request.events = line.positionals
        for flag in line.flags {
            switch flag {
            case "--all": request.all = true
            case "--due": request.due = true
            case "--dry-run": request.dryRun = true
            case "--notify": request.notify = true
            case "--quiet": request.quiet = true
            case "--probe", "--no-probe":
                guard request.probe == nil else { return nil }
                request.probe = flag == "--probe"
            default: return nil
            }
        }
        for (name, value) in line.options {
            switch name {
            case "--max-urls":
                guard let number = Int(argument: value) else { return nil }
                request.maxURLs = number
            case "--max-duration":
                guard let duration = try? ArgumentDuration.parse(value) else { return nil }
                request.maxDuration = duration
            case "--wait":
                guard let duration = try? ArgumentDuration.parse(value) else { return nil }
                request.wait = duration
            case "--kind":
                guard let kind = AssetKind(argument: value) else { return nil }
                request.kinds.append(kind)
            case "--format":
                guard let format = CheckFormat(argument: value) else { return nil }
                request.format = format
            case "--concurrency":
                guard let number = Int(argument: value) else { return nil }
                request.concurrency = number
            case "--policies": policies = value
            case "--db": database = value
            default: return nil
            }
        }
        request.policies = PolicySet(directory: policies)
        request.database = CatalogueDatabase.resolvedPath(database)
        guard request.problem == nil else { return nil }
        self.request = request
    }
}
