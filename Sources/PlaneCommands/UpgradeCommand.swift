import ArgumentParser
import DockerEngine
import Foundation
import HealthProbe
import PlaneKit

/// `plane upgrade`: newer images for the selected services, profile by profile, each profile gated
/// on its containers' health, the failing profile put back on its last-good images.
struct UpgradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Pull newer images and replace services profile by profile, rolling back a profile whose gate fails.",
        discussion: """
            Each selected service's tag is resolved to the registry's digest through the engine (nothing \
            downloaded); what changed is pulled, then per profile in order: the running images are recorded as \
            last-good (when healthy), the containers replaced, and the gate (running, healthy, plane health; \
            for deploy.update_config.monitor if set) must hold before the next profile. A failed gate re-tags the last-good images and replaces \
            back. Exit codes: 0 upgraded or nothing newer; 1 a gate failed (what was rolled back is named); \
            2 (--check) updates available; 4 locked; 5 held by the freeze file (x-plane.upgrade.freeze-file, \
            default <state dir>/freeze).
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services to upgrade (default: the profiles' services).") var services: [String] = []
    @Flag(help: "Say what is newer in the registry and download nothing: exit 0 nothing newer, 2 updates available.")
    var check = false
    @Flag(name: .customLong("dry-run"), help: "Say what would be upgraded and change nothing.") var dryRun = false
    @Flag(help: "When a profile fails, also roll back the profiles this run upgraded before it.") var atomic = false
    @Option(help: "Output: text, or json (one document at the end).") var format: ProgressFormat = .text
    @Flag(name: .customLong("skip-lint"), help: "Skip the lint preflight (not recommended).") var skipLint = false
    @Option(name: .customLong("lock-timeout"), parsing: .unconditional, help: "Seconds to wait for another plane run on this project (default 0).")
    var lockTimeout: Int = 0
    @Option(name: .customLong("gate-timeout"), parsing: .unconditional, help: "Seconds a replaced service may take to become healthy (default 120).")
    var gateTimeout: Int = 120

    func validate() throws {
        if lockTimeout < 0 { throw ValidationError("--lock-timeout must be 0 or a positive number of seconds, got \(lockTimeout)") }
        if gateTimeout <= 0 { throw ValidationError("--gate-timeout must be a positive number of seconds, got \(gateTimeout)") }
    }

    func run() async throws {
        // SIGINT/SIGTERM: before the run begins, an exit at once (nothing changed); during it, the
        // step in flight finishes and what it set aside runs again (a paused container is unpaused).
        let interruption = Interruption()
        if !check && !dryRun { interruption.watch() }
        let resolved = try ProjectLoading.load(project.allProfiles)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        let environment = Environment.current
        let request = ConvergenceSetup.request(project: project, services: services, noDeps: true, pull: .missing,
                                               removeOrphans: false, wait: false, environment: environment)
        let state = StateDirectory(environment: environment)
        let freeze = try await ErrorReporter.exiting { try FreezeFile.resolve(project: resolved, state: state) }
        // Held before anything else: no engine is reached.
        if !check, !dryRun, let reason = freeze.reason() { try UpgradeRendering.held(reason, path: freeze.path) }
        let settings = try await ErrorReporter.exiting { try UpgradeSettings.of(resolved) }
        let key = try await ConvergenceSetup.labelKey(environment: environment)
        let client = try await engine.connect()
        var upgrade = Upgrade(project: resolved, request: request, engine: client, key: key)
        upgrade.atomic = atomic
        upgrade.skipLint = skipLint
        // Docker's view and `plane health` on the replaced services (routes through Traefik, answers,
        // enforcement: what the project's x-plane.health configures), at once: the first failure decides.
        upgrade.gate = AllGates([
            ContainerHealthGate(timeout: .seconds(gateTimeout)),
            HealthCheckGate(project: resolved, health: HealthRun(engine: client), timeout: Double(gateTimeout)),
        ])

        if check {
            let candidates = try await ErrorReporter.exiting { try await upgrade.candidates().2 }
            UpgradeRendering.candidates(candidates, project: resolved.name, format: format)
            try UpgradeRendering.failIfLookupsFailed(candidates)
            if candidates.contains(where: \.isNewer) { throw PlaneExit.updatesAvailable }
            return
        }
        let renderer = ProgressRenderer(format: format == .json ? .json : format)
        var options = Deployment.RunOptions(state: state, history: try await ErrorReporter.exiting { try openHistory(state: state) })
        options.lockTimeout = .seconds(lockTimeout)
        options.waitTimeout = .seconds(gateTimeout)
        if format != .json {
            options.onEvent = { renderer.handle($0) }
            options.onNote = { renderer.note($0) }
        }
        // start-first replacements drain their old container from Traefik when x-plane.health.traefik is set.
        options.routes = TraefikRoutes(project: resolved)
        options.trigger = environment["PLANE_TRIGGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "interactive"
        let run = upgrade, keep = settings.keep, dryRun = dryRun
        let task = Task { try await run.run(options, freeze: freeze, keep: keep, dryRun: dryRun) }
        interruption.onInterrupt { task.cancel() }
        let outcome = try await UpgradeRendering.awaiting(task, interruption: interruption)
        try UpgradeRendering.outcome(outcome, project: resolved.name, verb: "upgrade", format: format, interruption: interruption)
    }
}

/// `plane rollback`: services back on the last-good images an upgrade run recorded.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Put services back on the last-good images an upgrade run recorded, through the same gated path.",
        discussion: """
            --to RUN names the upgrade run to undo (plane history lists them); default the newest upgrade run \
            that upgraded something. Exit codes: 0 rolled back (or nothing to do); 1 a rollback failed; 4 \
            locked; 5 held by the freeze file.
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services to roll back (default: every service the run changed).") var services: [String] = []
    @Option(help: "The upgrade run to undo (its id in plane history).") var to: Int64?
    @Option(help: "Output: text, or json (one document at the end).") var format: ProgressFormat = .text
    @Option(name: .customLong("lock-timeout"), parsing: .unconditional, help: "Seconds to wait for another plane run on this project (default 0).")
    var lockTimeout: Int = 0

    func run() async throws {
        let interruption = Interruption()
        interruption.watch()
        let resolved = try ProjectLoading.load(project.allProfiles)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        let environment = Environment.current
        var request = ConvergenceSetup.request(project: project, services: services, noDeps: true, pull: .missing,
                                               removeOrphans: false, wait: false, environment: environment)
        if services.isEmpty && request.profiles.isEmpty { request.profiles = ["*"] }
        let state = StateDirectory(environment: environment)
        let freeze = try await ErrorReporter.exiting { try FreezeFile.resolve(project: resolved, state: state) }
        if let reason = freeze.reason() { try UpgradeRendering.held(reason, path: freeze.path) }
        let key = try await ConvergenceSetup.labelKey(environment: environment)
        let client = try await engine.connect()
        let upgrade = Upgrade(project: resolved, request: request, engine: client, key: key)
        let renderer = ProgressRenderer(format: format)
        var options = Deployment.RunOptions(state: state, history: try await ErrorReporter.exiting { try openHistory(state: state) })
        options.lockTimeout = .seconds(lockTimeout)
        if format != .json {
            options.onEvent = { renderer.handle($0) }
            options.onNote = { renderer.note($0) }
        }
        options.routes = TraefikRoutes(project: resolved)
        let target = to.map(RunID.init)
        let task = Task { try await upgrade.rollback(options, freeze: freeze, to: target) }
        interruption.onInterrupt { task.cancel() }
        let outcome = try await UpgradeRendering.awaiting(task, interruption: interruption)
        try UpgradeRendering.outcome(outcome, project: resolved.name, verb: "rollback", format: format, interruption: interruption)
    }
}

/// What `upgrade` and `rollback` print, and their exit codes.
enum UpgradeRendering {
    /// The run's outcome. An error thrown after a signal came before the run changed anything (the
    /// lock, the lookups): said so, with the signal's exit code.
    static func awaiting(_ task: Task<Upgrade.Outcome, any Error>, interruption: Interruption) async throws -> Upgrade.Outcome {
        do {
            return try await ErrorReporter.exiting { try await task.value }
        } catch where interruption.caught != nil {
            ErrorReporter.writeStderr("interrupted before any change was made\n")
            ErrorReporter.emit(ErrorEvent(code: "interrupted", message: "interrupted before any change was made"))
            throw ExitCode(interruption.exitCode)
        }
    }

    static func held(_ reason: String, path: String) throws -> Never {
        ErrorReporter.writeStderr("held: \(reason)\n  (freeze file \(path); remove it to allow upgrades; nothing was changed)\n")
        throw PlaneExit.held
    }

    /// A registry lookup that failed (unreachable, a login missing or refused) is not "nothing
    /// newer": exit 1, each one named with its cause and hint (a cron'd `--check` must not stay quiet).
    static func failIfLookupsFailed(_ candidates: [Upgrade.Candidate]) throws {
        let failed = candidates.filter(\.lookupFailed)
        guard !failed.isEmpty else { return }
        for candidate in failed {
            ErrorReporter.error("registry-lookup", "\(candidate.service): \(candidate.problem ?? "the registry lookup failed")")
        }
        throw PlaneExit.failure
    }

    static func candidates(_ candidates: [Upgrade.Candidate], project: String, format: ProgressFormat) {
        if format == .json {
            print(json(["formatVersion": 1, "project": project, "services": candidates.map(object)]))
            return
        }
        for candidate in candidates {
            let state = candidate.problem.map { "skipped: \($0)" }
                ?? (candidate.isNewer ? "newer: \(candidate.runningDigest ?? "none") -> \(candidate.remoteDigest ?? "?")" : "up to date")
            print("\(candidate.profile)\t\(candidate.service)\t\(candidate.image)\t\(state)")
        }
        let newer = candidates.filter(\.isNewer).count
        print("\(project): \(newer) service\(newer == 1 ? "" : "s") with a newer image")
    }

    static func object(_ candidate: Upgrade.Candidate) -> [String: Any] {
        var item: [String: Any] = ["service": candidate.service, "profile": candidate.profile, "image": candidate.image, "newer": candidate.isNewer]
        if let value = candidate.runningDigest { item["runningDigest"] = value }
        if let value = candidate.remoteDigest { item["registryDigest"] = value }
        if let value = candidate.runningImage { item["runningImage"] = value }
        if let value = candidate.problem { item["problem"] = value }
        return item
    }

    static func object(_ change: ImageChange) -> [String: Any] {
        var item: [String: Any] = ["service": change.service, "profile": change.profile, "image": change.image, "status": change.status.rawValue,
                                   "fromHealthy": change.fromHealthy]
        var from: [String: Any] = [:]
        if let value = change.fromImage { from["imageID"] = value }
        if let value = change.fromDigest { from["repoDigest"] = value }
        var to: [String: Any] = [:]
        if let value = change.toImage { to["imageID"] = value }
        if let value = change.toDigest { to["repoDigest"] = value }
        item["from"] = from
        item["to"] = to
        if let gate = change.gate { item["gate"] = gate }
        return item
    }

    static func json(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func outcome(_ outcome: Upgrade.Outcome, project: String, verb: String, format: ProgressFormat,
                        interruption: Interruption) throws {
        switch outcome {
        case .interrupted(let report):
            let message = "interrupted: the step in flight finished and what it had set aside runs again; run \(report.run.rawValue) "
                + "is left unfinished and the next `plane up` or `plane \(verb)` converges what it left (see plane history)"
            if format == .json {
                print(json(["formatVersion": 1, "project": project, "run": report.run.rawValue, "outcome": "interrupted",
                            "changes": report.changes.map(object), "failure": message]))
            }
            ErrorReporter.writeStderr(message + "\n")
            throw ExitCode(interruption.exitCode)
        case .refused(let verdict):
            try UpCommand.refuse(verdict)
        case .held(let reason, let path):
            try held(reason, path: path)
        case .locked(let holder):
            ErrorReporter.writeStderr("skipped: \(holder) (another plane run on \(project); --lock-timeout SECONDS waits for it)\n")
            throw PlaneExit.locked
        case .checked(let found):
            Self.candidates(found, project: project, format: format)
            try failIfLookupsFailed(found)
        case .upToDate(let candidates):
            if format == .json {
                print(json(["formatVersion": 1, "project": project, "outcome": "up-to-date", "changes": [Any](),
                            "services": candidates.map(object)]))
            } else {
                print("\(project): nothing newer for \(candidates.count) service\(candidates.count == 1 ? "" : "s"), nothing changed")
            }
            try failIfLookupsFailed(candidates)
        case .upgraded(let report), .failed(let report):
            let failed: Bool
            if case .failed = outcome { failed = true } else { failed = false }
            if format == .json {
                var document: [String: Any] = ["formatVersion": 1, "project": project, "run": report.run.rawValue,
                                               "outcome": failed ? (report.rollbackFailed ? "rollback-failed" : "rolled-back") : "succeeded",
                                               "changes": report.changes.map(object), "pruned": report.pruned]
                if let value = report.failedProfile { document["failedProfile"] = value }
                if let value = report.failure { document["failure"] = value }
                print(json(document))
            } else {
                for change in report.changes {
                    print("\(change.profile)\t\(change.service)\t\(ImageTags.short(change.fromImage)) -> \(ImageTags.short(change.toImage))\t\(change.status.rawValue)"
                        + (change.gate.map { "\tgate \($0)" } ?? ""))
                }
                if !report.pruned.isEmpty { print("pruned \(report.pruned.map { ImageTags.short($0) }.joined(separator: ", "))") }
            }
            if failed {
                let back = report.changes.filter { $0.status == .rolledBack }.map(\.service)
                let stuck = report.changes.filter { $0.status == .rollbackFailed }.map(\.service)
                ErrorReporter.writeStderr("error[\(verb)-failed]: \(report.failedProfile ?? "?"): \(report.failure ?? "failed")\n")
                if !back.isEmpty { ErrorReporter.writeStderr("rolled back to last-good: \(back.joined(separator: ", "))\n") }
                if !stuck.isEmpty { ErrorReporter.writeStderr("rollback FAILED for: \(stuck.joined(separator: ", ")) (see plane history)\n") }
                throw PlaneExit.failure
            }
            try failIfLookupsFailed(report.lookupFailures)
        }
    }
}
