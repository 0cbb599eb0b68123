/// Ready-to-install schedules for the scheduled link check: a crontab line, or a systemd service
/// and timer. Pure text from absolute paths; `presskit schedule` fills them in for this machine.
public struct ScheduleUnits: Sendable {
    /// The `presskit` binary, the database, the policies folder (nil: built-in defaults) and the
    /// folder runs start in, all absolute.
    public var binary: String
    public var database: String
    public var policies: String?
    public var workingDirectory: String
    /// Minutes between runs: a divisor of 60, or a whole number of hours up to 24.
    public var everyMinutes: Int

    public init(binary: String, database: String, policies: String?, workingDirectory: String, everyMinutes: Int) {
        self.binary = binary
        self.database = database
        self.policies = policies
        self.workingDirectory = workingDirectory
        self.everyMinutes = everyMinutes
    }

    /// Intervals cron and systemd can both express exactly.
    public static func isSupported(minutes: Int) -> Bool {
        guard (1...1_440).contains(minutes) else { return false }
        return minutes <= 60 ? 60 % minutes == 0 : minutes % 60 == 0 && 24 % (minutes / 60) == 0
    }

    /// A run may use most of the interval, so that the next tick rarely finds it still running (the
    /// run lock handles the rest).
    public var maxDurationMinutes: Int { max(1, everyMinutes * 4 / 5) }

    /// The arguments of the scheduled run.
    var checkArguments: [String] {
        [binary, "check", "--due", "--notify", "--quiet", "--max-duration", "\(maxDurationMinutes)m"]
            + (policies.map { ["--policies", $0] } ?? []) + ["--db", database]
    }

    /// One crontab line (with a comment above it) for `crontab -e`.
    public var crontab: String {
        let minute = everyMinutes >= 60 ? "0" : everyMinutes == 1 ? "*" : "*/\(everyMinutes)"
        let hour = everyMinutes > 60 ? "*/\(everyMinutes / 60)" : "*"
        let command = "cd \(Self.shellQuoted(workingDirectory)) && " + checkArguments.map(Self.shellQuoted).joined(separator: " ")
        // cron turns an unescaped % into a newline.
        let line = "\(minute) \(hour) * * * \(command) >> \(Self.shellQuoted(workingDirectory + "/presskit-check.log")) 2>&1"
        return """
            # presskit: check the links that are due every \(everyMinutes) minutes and send the change digest
            # \(policies.map { "to the channels in \($0)/notifications.yaml" } ?? "nowhere: with no policies folder, no channel is configured (pass --policies)"). Secrets (webhook tokens, the SMTP password)
            # must be in cron's environment: put them at the top of the crontab, as NAME=value lines.
            \(line.replacingOccurrences(of: "%", with: "\\%"))

            """
    }

    /// `presskit-check.service` and `presskit-check.timer`, separated by comments naming where each goes.
    public var systemd: String {
        let calendar = everyMinutes >= 60 ? "*-*-* 0/\(everyMinutes / 60):00:00" : "*-*-* *:0/\(everyMinutes):00"
        return """
            # /etc/systemd/system/presskit-check.service
            [Unit]
            Description=presskit: check the press-kit links that are due and send the change digest
            Wants=network-online.target
            After=network-online.target

            [Service]
            Type=oneshot
            WorkingDirectory=\(workingDirectory.replacingOccurrences(of: "%", with: "%%"))
            # Webhook tokens and the SMTP password, as NAME=value lines readable by root only.
            EnvironmentFile=-/etc/presskit/secrets.env
            ExecStart=\(checkArguments.map(Self.systemdQuoted).joined(separator: " "))
            # Exit 1 means links with problems were found and reported: the run itself succeeded.
            SuccessExitStatus=1
            TimeoutStartSec=\(everyMinutes)min

            # /etc/systemd/system/presskit-check.timer
            [Unit]
            Description=Run presskit-check.service every \(everyMinutes) minutes

            [Timer]
            OnCalendar=\(calendar)
            RandomizedDelaySec=30
            Persistent=true

            [Install]
            WantedBy=timers.target

            """
    }

    /// POSIX shell single quotes: safe for any path.
    static func shellQuoted(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) || "/._-+=:,@".unicodeScalars.contains(scalar)
        }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// systemd's own quoting (systemd.syntax(7)): double quotes, with `\`, `"` escaped and `%` doubled
    /// (a specifier otherwise), `$` doubled (a variable otherwise).
    static func systemdQuoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "%", with: "%%").replacingOccurrences(of: "$", with: "$$")
        return escaped == text && !text.contains(" ") && !text.isEmpty ? text : "\"\(escaped)\""
    }
}
