/// The systemd units of `plane timer install`: a `oneshot` service that runs `plane drift` for one
/// project with an explicit working directory and environment (state directory, engine, trigger;
/// never the login environment: systemd starts it without HOME or a shell profile), and a monotonic
/// timer that starts it every `interval` with a randomized delay. No `Persistent=`: a machine that
/// was down does not catch up with a burst of runs. Exit 2 (drift), 4 (locked) and 5 (held) are
/// results, not unit failures (`SuccessExitStatus`); drift shows in the textfile metrics instead.
public struct DriftUnits: Sendable, Equatable {
    public var project: String
    /// The plane executable (absolute).
    public var executable: String
    /// `drift` and its flags, as the service runs it.
    public var arguments: [String]
    public var workingDirectory: String
    /// In order.
    public var environment: [(String, String)]
    public var interval: TimeSpan

    public init(project: String, executable: String, arguments: [String], workingDirectory: String,
                environment: [(String, String)], interval: TimeSpan) {
        self.project = project
        self.executable = executable
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.interval = interval
    }

    public static func == (a: DriftUnits, b: DriftUnits) -> Bool {
        a.serviceText == b.serviceText && a.timerText == b.timerText
    }

    public static func baseName(project: String) -> String { "plane-drift-\(project)" }
    public var serviceName: String { Self.baseName(project: project) + ".service" }
    public var timerName: String { Self.baseName(project: project) + ".timer" }

    /// A tenth of the interval, at most 5 minutes, at least 1 second.
    public var randomizedDelaySeconds: Int { min(max(interval.seconds / 10, 1), 300) }

    public var serviceText: String {
        """
        # Written by `plane timer install`; `plane timer remove` deletes it.
        [Unit]
        Description=plane drift check of project \(Self.escapeSpecifiers(project))
        After=network-online.target docker.service

        [Service]
        Type=oneshot
        WorkingDirectory=\(Self.quoteWord(workingDirectory))
        \(environment.map { "Environment=" + Self.quoteWord("\($0.0)=\($0.1)") }.joined(separator: "\n"))
        ExecStart=\(([executable] + arguments).map(Self.quoteWord).map { $0.replacingOccurrences(of: "$", with: "$$") }.joined(separator: " "))
        SuccessExitStatus=2 4 5
        TimeoutStartSec=5min
        Nice=10
        IOSchedulingClass=idle

        """
    }

    public var timerText: String {
        """
        # Written by `plane timer install`; `plane timer remove` deletes it.
        [Unit]
        Description=plane drift check of project \(Self.escapeSpecifiers(project)) every \(interval.text)

        [Timer]
        OnBootSec=\(interval.seconds)s
        OnUnitActiveSec=\(interval.seconds)s
        RandomizedDelaySec=\(randomizedDelaySeconds)s
        AccuracySec=1s
        Unit=\(serviceName)

        [Install]
        WantedBy=timers.target

        """
    }

    /// `%` starts a systemd specifier; written `%%` to stay literal.
    static func escapeSpecifiers(_ text: String) -> String { text.replacingOccurrences(of: "%", with: "%%") }

    /// One word of a unit line: bare when it is plain, else double-quoted with `\` and `"` escaped
    /// (systemd's command-line and Environment= quoting); specifiers escaped either way.
    static func quoteWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._:=,@+-".contains($0)) }
        let escaped = escapeSpecifiers(word)
        if plain { return escaped }
        return "\"" + escaped.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
