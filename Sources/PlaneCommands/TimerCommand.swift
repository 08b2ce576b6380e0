import ArgumentParser
import Foundation
import PlaneKit
import PlaneStore
#if canImport(Glibc)
import Glibc
#endif

/// `plane timer install|remove|status`: the systemd units that run `plane drift` for this project
/// on a schedule (`DriftUnits`).
struct TimerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timer",
        abstract: "Install, remove or show the systemd timer that runs `plane drift` for the project.",
        subcommands: [TimerInstall.self, TimerRemove.self, TimerStatus.self])
}

/// Where the units go: `--unit-dir`, else /etc/systemd/system for root, else the user's
/// `~/.config/systemd/user` (`$XDG_CONFIG_HOME/systemd/user`).
struct UnitDirectoryFlags: ParsableArguments {
    @Option(name: .customLong("unit-dir"), help: "Folder for the units (default: /etc/systemd/system as root, else ~/.config/systemd/user).")
    var unitDir: String?

    var isDefault: Bool { unitDir == nil }
    var userScope: Bool { getuid() != 0 }

    var path: String {
        if let unitDir { return PathRules.absolute(unitDir, relativeTo: FileManager.default.currentDirectoryPath) }
        if !userScope { return "/etc/systemd/system" }
        let environment = Environment.current
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return PathRules.join(config, "systemd/user") }
        return PathRules.join(environment["HOME"] ?? "/root", ".config/systemd/user")
    }

    /// Runs systemctl only for the default folder on a machine booted with systemd.
    func systemctl(_ arguments: [String]) -> String? {
        guard isDefault, FileSystem.exists("/run/systemd/system") else { return nil }
        let full = (userScope ? ["--user"] : []) + arguments
        switch ChildProcess.run("systemctl", full) {
        case .success(let outcome) where outcome.status == 0: return "systemctl \(full.joined(separator: " ")): ok"
        case .success(let outcome): return "systemctl \(full.joined(separator: " ")) failed: \(outcome.errorLine)"
        case .failure(let error): return "systemctl could not be run: \(error)"
        }
    }

    var manualHint: String { "systemctl \(userScope ? "--user " : "")daemon-reload" }
}

struct TimerInstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write (and enable) a oneshot service and a timer running `plane drift` every --interval.",
        discussion: """
            The service runs `plane drift` with this project's files, profiles, state directory and engine \
            written into the unit (WorkingDirectory=, Environment=; never the login environment), marked \
            PLANE_TRIGGER=timer so `plane drift --max-age` finds its runs. SuccessExitStatus=2 4 5: drift, \
            locked and held are results, not unit failures (they show in the textfile metrics). \
            RandomizedDelaySec= spreads the runs; no Persistent= (no catch-up burst after downtime).
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags
    @OptionGroup var units: UnitDirectoryFlags
    @Argument(help: "Services to check (default: the profiles' services).") var services: [String] = []
    @Option(help: "How often: a systemd time span (default 15min).") var interval: String = "15min"
    @Flag(help: "The timer also converges drift (`plane drift --fix`).") var fix = false
    @Flag(name: .customLong("check-updates"), help: "The timer also asks the registry for newer digests (`plane drift --check-updates`; a registry outage then fails the unit).")
    var checkUpdates = false
    @Option(help: "node-exporter textfile folder for the metrics (default /var/lib/prometheus/node-exporter when it exists).")
    var textfile: String?
    @Flag(name: .customLong("dry-run"), help: "Print the units, write nothing.") var dryRun = false

    func validate() throws {
        if TimeSpan(interval) == nil { throw ValidationError("--interval must be a span such as 15min, 1h or 30s, not \(interval)") }
    }

    func run() async throws {
        let environment = Environment.current
        let resolved = try ProjectLoading.load(project.allProfiles)
        let unitsText = try Self.units(project: project, resolved: resolved, engine: engine, services: services,
                                       interval: TimeSpan(interval)!, fix: fix, checkUpdates: checkUpdates, textfile: textfile,
                                       environment: environment)
        let folder = units.path
        if dryRun {
            ErrorReporter.writeStdout("# \(PathRules.join(folder, unitsText.serviceName))\n\(unitsText.serviceText)\n# \(PathRules.join(folder, unitsText.timerName))\n\(unitsText.timerText)")
            return
        }
        guard FileSystem.makeDirectories(folder) else {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[timer]: cannot create \(folder)\n")
            throw PlaneExit.failure
        }
        for (name, text) in [(unitsText.serviceName, unitsText.serviceText), (unitsText.timerName, unitsText.timerText)] {
            do { try text.write(toFile: PathRules.join(folder, name), atomically: true, encoding: .utf8) } catch {
                ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[timer]: cannot write \(PathRules.join(folder, name)): \(error.localizedDescription)\n")
                throw PlaneExit.failure
            }
            ErrorReporter.writeStdout("wrote \(PathRules.join(folder, name))\n")
        }
        if let reload = units.systemctl(["daemon-reload"]), let enable = units.systemctl(["enable", "--now", unitsText.timerName]) {
            ErrorReporter.writeStdout(reload + "\n" + enable + "\n")
        } else {
            ErrorReporter.writeStdout("enable it: \(units.manualHint) && systemctl \(units.userScope ? "--user " : "")enable --now \(unitsText.timerName)\n")
        }
    }

    /// The units for this project as the flags describe it (absolute paths everywhere).
    static func units(project: ProjectFlags, resolved: ResolvedProject, engine: EngineFlags, services: [String], interval: TimeSpan,
                      fix: Bool, checkUpdates: Bool = false, textfile: String?, environment: [String: String]) throws -> DriftUnits {
        let cwd = FileManager.default.currentDirectoryPath
        var arguments = ["drift", "-p", resolved.name, "--project-directory", resolved.workingDirectory]
        for file in resolved.configFiles { arguments += ["-f", file] }
        for file in project.envFiles { arguments += ["--env-file", PathRules.absolute(file, relativeTo: cwd)] }
        for profile in project.requestedProfiles(environment: environment) { arguments += ["--profile", profile] }
        let metrics = textfile.map { PathRules.absolute($0, relativeTo: cwd) }
            ?? (FileSystem.exists("/var/lib/prometheus/node-exporter") ? "/var/lib/prometheus/node-exporter" : nil)
        if let metrics { arguments += ["--textfile", metrics] }
        if fix { arguments.append("--fix") }
        if checkUpdates { arguments.append("--check-updates") }
        arguments += services

        var unitEnvironment: [(String, String)] = [
            ("PLANE_STATE_DIR", PathRules.absolute(StateDirectory(environment: environment).path, relativeTo: cwd)),
            ("PLANE_TRIGGER", "timer"),
            ("NO_COLOR", "1"),
        ]
        let host = engine.host ?? [environment["PLANE_DOCKER_HOST"], environment["DOCKER_HOST"]].compactMap { $0 }.first { !$0.isEmpty }
        if let host { unitEnvironment.append(("DOCKER_HOST", host)) }
        if let auth = engine.authFile ?? environment["PLANE_DOCKER_AUTH_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            unitEnvironment.append(("PLANE_DOCKER_AUTH_FILE", PathRules.absolute(auth, relativeTo: cwd)))
        }
        return DriftUnits(project: resolved.name, executable: executablePath(), arguments: arguments,
                          workingDirectory: resolved.workingDirectory, environment: unitEnvironment, interval: interval)
    }

    /// This plane's own executable (the unit runs the same binary).
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

struct TimerRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Disable and delete the project's drift timer units.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup var units: UnitDirectoryFlags

    func run() throws {
        let name = try project.resolvedName()
        let base = DriftUnits.baseName(project: name)
        if let disable = units.systemctl(["disable", "--now", base + ".timer"]) { ErrorReporter.writeStdout(disable + "\n") }
        var removed = 0
        for file in [base + ".timer", base + ".service"] {
            let path = PathRules.join(units.path, file)
            guard FileSystem.exists(path) else { continue }
            guard unlink(path) == 0 else {
                ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[timer]: cannot remove \(path): \(String(cString: strerror(errno)))\n")
                throw PlaneExit.failure
            }
            ErrorReporter.writeStdout("removed \(path)\n")
            removed += 1
        }
        if removed == 0 { ErrorReporter.writeStdout("no drift timer of project \(name) in \(units.path)\n") }
        if removed > 0, let reload = units.systemctl(["daemon-reload"]) { ErrorReporter.writeStdout(reload + "\n") }
    }
}

struct TimerStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the project's drift timer units and its last recorded run.",
        discussion: "Exit 0 when the units are installed, 1 when they are not.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup var units: UnitDirectoryFlags

    func run() throws {
        let name = try project.resolvedName()
        let base = DriftUnits.baseName(project: name)
        var installed = true
        for file in [base + ".service", base + ".timer"] {
            let path = PathRules.join(units.path, file)
            let present = FileSystem.exists(path)
            installed = installed && present
            ErrorReporter.writeStdout("\(file): \(present ? "installed" : "not installed") (\(path))\n")
        }
        if let timer = try? String(contentsOfFile: PathRules.join(units.path, base + ".timer"), encoding: .utf8),
           let line = timer.split(separator: "\n").first(where: { $0.hasPrefix("OnUnitActiveSec=") }) {
            ErrorReporter.writeStdout("interval: \(line.dropFirst("OnUnitActiveSec=".count))\n")
        }
        let path = HistoryLocation.path(environment: Environment.current)
        if FileSystem.exists(path), let last = try? SQLiteHistory(path: path, create: false).lastDriftCheck(project: name, trigger: "timer") {
            let age = Int(Date().timeIntervalSince(last.startedAt))
            ErrorReporter.writeStdout("last timer run: \(last.run) (\(last.status)), \(TimeSpan.describe(seconds: max(age, 0))) ago\n")
        } else {
            ErrorReporter.writeStdout("last timer run: none recorded\n")
        }
        if !installed { throw PlaneExit.failure }
    }
}
