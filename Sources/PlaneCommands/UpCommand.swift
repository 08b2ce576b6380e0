import ArgumentParser
import DockerEngine
import HealthProbe
import PlaneKit

/// `plane up`: bring the selected profiles (in profile order, with what they depend on in earlier
/// profiles) or services to the state the files describe, changing only what differs.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Create and start the project's containers, converging what runs to the files.",
        discussion: """
            Profiles come up in the project's order (x-plane.profiles, default core, dashboard, medias, apps, \
            automatisation, monitoring); `--profile medias` first brings up, or checks, what medias depends on \
            in earlier profiles. Unchanged containers are left alone; a changed one is replaced, its old \
            container kept aside until the new one is running and healthy.
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services to bring up (default: the profiles' services).", completion: .custom(Completion.services)) var services: [String] = []

    @Flag(help: "Wait until every selected service is running, healthy when it has a healthcheck.") var wait = false
    // `.unconditional`: `--wait-timeout -5` is a negative value to refuse, not a missing one.
    @Option(name: .customLong("wait-timeout"), parsing: .unconditional, help: "Seconds to wait for any one condition (dependencies, --wait). Default 300.")
    var waitTimeout: Int?
    @Flag(name: .customLong("no-deps"), help: "Do not bring up the services' dependencies.") var noDeps = false
    @Option(help: "Pull images: missing (default), always, never.") var pull: PullPolicy = .missing
    @Flag(name: .customLong("remove-orphans"), help: "Remove containers of services the project no longer defines.")
    var removeOrphans = false
    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing (same as `plane plan`).") var dryRun = false
    @Flag(name: .customLong("force-recreate"), help: "Recreate the containers even if nothing changed (the services named, else every selected one; not their dependencies).")
    var forceRecreate = false
    @Option(help: "Progress output: text (live on a terminal, lines otherwise) or json (one event per line).")
    var format: ProgressFormat = .text
    @Flag(help: "After the deploy, run `plane health` on the deployed services (exit 1 when a check fails).") var verify = false
    @Option(name: .customLong("verify-timeout"), help: "Deadline for --verify (seconds or a duration such as 2m; default 120s).")
    var verifyTimeout: String = "120s"
    @Flag(name: .customLong("skip-lint"), help: "Skip the lint preflight (not recommended).") var skipLint = false
    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Accepted for docker compose habits; plane always detaches.")
    var detach = false
    @Option(name: .customLong("lock-timeout"), parsing: .unconditional, help: "Seconds to wait for another plane run on this project to finish (default 0: exit 4 at once).")
    var lockTimeout: Int = 0

    func validate() throws {
        if let waitTimeout, waitTimeout <= 0 {
            throw ValidationError("--wait-timeout must be a positive number of seconds, got \(waitTimeout)")
        }
        if let waitTimeout, waitTimeout > 31_536_000 {
            throw ValidationError("--wait-timeout must be at most 31536000 seconds (a year), got \(waitTimeout)")
        }
        if HealthConfiguration.seconds(verifyTimeout) == nil {
            throw ValidationError("--verify-timeout must be a positive duration such as 30s or 2m, got \(verifyTimeout)")
        }
        if lockTimeout < 0 { throw ValidationError("--lock-timeout must be 0 or a positive number of seconds, got \(lockTimeout)") }
    }

    func run() async throws {
        let renderer = ProgressRenderer(format: format)
        try await renderer.reportingResult { try await converge(renderer: renderer) }
    }

    func converge(renderer: ProgressRenderer) async throws {
        let interruption = Interruption()
        if !dryRun { interruption.watch() }
        if skipLint {
            ErrorReporter.writeStderr(
                (ErrorReporter.useColor ? "\u{1B}[1;31m" : "") + "WARNING: --skip-lint: the project is NOT linted before up; "
                    + "mistakes lint would catch (unpinned images, exposed ports, secrets in environment) go straight to the engine"
                    + (ErrorReporter.useColor ? "\u{1B}[0m" : "") + "\n")
        }
        // Loaded once, every profile enabled: plane selects, and lints exactly what it selected.
        let resolved = try ProjectLoading.load(project.allProfiles)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }

        let environment = Environment.current
        var request = ConvergenceSetup.request(project: project, services: services, noDeps: noDeps, pull: pull,
                                               removeOrphans: removeOrphans, wait: wait, environment: environment)
        if forceRecreate { request.reconcile.forceRecreate = Set(services.isEmpty ? resolved.services.entries.map(\.key) : services) }
        let state = StateDirectory(environment: environment)
        // The lint gate needs no engine: a refused deploy is refused before one is reached.
        let (_, verdict) = try await ErrorReporter.exiting {
            try Deployment.gate(project: resolved, request: request, skipLint: skipLint)
        }
        if let verdict, !verdict.allowsDeploy { try UpCommand.refuse(verdict) }
        let key = try await ConvergenceSetup.labelKey(environment: environment)
        let client = try await engine.connect()
        let deployment = Deployment(project: resolved, request: request, engine: client, key: key, skipLint: skipLint)
        if dryRun {
            let planned = try await ErrorReporter.exiting { try await deployment.plan() }
            switch planned {
            case .refused(let verdict): try Self.refuse(verdict)
            case .planned(let preparation, _):
                if format == .json {
                    // One event of the stream, not a document of its own (docs/JSON.md).
                    let plan = PlanView.json(project: resolved.name, plan: preparation.plan, errors: [], exitCode: 0, pretty: false)
                    ErrorReporter.writeStdout(ProgressRenderer.event("plan", embedding: "plan", plan.trimmingCharacters(in: .newlines)))
                } else {
                    ErrorReporter.writeStdout(preparation.plan.text)
                }
            }
            return
        }

        var options = Deployment.RunOptions(state: state, history: try await ErrorReporter.exiting { try openHistory(state: state) })
        options.lockTimeout = .seconds(lockTimeout)
        options.waitTimeout = .seconds(waitTimeout ?? 300)
        // Engine messages may echo an environment value back: each is shown as the key it came from.
        let redaction = EnvironmentRedaction(project: resolved)
        // Only failures and warnings carry the Engine's own words; plane's progress text is names
        // only (redacting it would also hide names that equal a value, e.g. the project's).
        options.onEvent = { event in
            var shown = event
            if event.status == .failed || event.status == .warning {
                shown.message = redaction.redact(event.message, service: event.service)
            }
            renderer.handle(shown)
        }
        options.onNote = { renderer.note($0) }
        // start-first replacements drain their old container from Traefik when x-plane.health.traefik is set.
        options.routes = TraefikRoutes(project: resolved)
        options.trigger = environment["PLANE_TRIGGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "interactive"

        let task = Task { try await deployment.up(options) }
        interruption.onInterrupt { task.cancel() }
        let outcome: Deployment.Outcome
        do {
            outcome = try await ErrorReporter.exiting { try await task.value }
        } catch where interruption.caught != nil {
            // Interrupted before the plan ran (loading, the lock, observing): nothing was changed.
            ErrorReporter.writeStderr("interrupted before any change was made\n")
            ErrorReporter.emit(ErrorEvent(code: "interrupted", message: "interrupted before any change was made"))
            throw ExitCode(interruption.exitCode)
        }
        switch outcome {
        case .refused(let verdict):
            try Self.refuse(verdict)
        case .locked(let holder):
            ErrorReporter.writeStderr("skipped: \(holder) (another plane run on \(resolved.name); --lock-timeout SECONDS waits for it)\n")
            ErrorReporter.emit(ErrorEvent(code: "locked", message: "skipped: \(holder) (another plane run on \(resolved.name))"))
            throw PlaneExit.locked
        case .blocked(let plan):
            for note in plan.notes { ErrorReporter.note(note) }
            for blocker in plan.blockers { ErrorReporter.error("blocked", blocker) }
            ErrorReporter.writeStderr("nothing was changed\n")
            throw PlaneExit.failure
        case .upToDate(let plan):
            for note in plan.notes { ErrorReporter.note(note) }
            renderer.note("\(resolved.name): \(plan.upToDate.count) service\(plan.upToDate.count == 1 ? "" : "s") up to date, nothing to do")
            try await verifyDeployment(resolved, client: client, interruption: interruption)
        case .applied(let plan, let seconds):
            for note in plan.notes { ErrorReporter.note(note) }
            let writes = plan.writes.count
            renderer.note("\(resolved.name): " + (writes == 0 ? "nothing to change, \(plan.upToDate.count) services checked" : "\(writes) change\(writes == 1 ? "" : "s") applied") + " in \(String.seconds(seconds).trimmingLeadingSpaces)")
            try await verifyDeployment(resolved, client: client, interruption: interruption)
        case .failed(_, var error, let report):
            error.reason = redaction.redact(error.reason, service: error.service)
            for failure in report.failures { ErrorReporter.error("restore-failed", "\(failure)") }
            if !report.failures.isEmpty {
                ErrorReporter.error("operation-failed", error.description)
                ErrorReporter.writeStderr("both the deploy and the restore of its previous containers failed: run `plane up` again once the cause is fixed\n")
                throw PlaneExit.failure
            }
            try await ErrorReporter.exiting { throw error }
        case .interrupted(_, let error, let report):
            for failure in report.failures { ErrorReporter.error("restore-failed", "\(failure)") }
            let left = error.notRun.count
            let text = "the run stopped after its step in flight; \(left) step\(left == 1 ? "" : "s") not run"
                + (report.failures.isEmpty ? "; what it set aside was put back" : "") + "; the next `plane up` converges the rest"
            ErrorReporter.writeStderr("interrupted: \(text)\n")
            ErrorReporter.emit(ErrorEvent(code: "interrupted", message: text))
            throw ExitCode(interruption.exitCode)
        }
    }

    /// `--verify`: `plane health` on what this run selected (the profiles' or named services and their dependencies).
    func verifyDeployment(_ resolved: ResolvedProject, client: Engine.Client, interruption: Interruption) async throws {
        guard verify else { return }
        let selected = try await ErrorReporter.exiting {
            try HealthCommand.select(resolved, profiles: project.requestedProfiles(environment: Environment.current), services: services,
                                     everyByDefault: false)
        }
        let run = HealthRun(engine: client)
        try HealthCommand.refuseInvalidConfiguration(run, resolved)
        let seconds = HealthConfiguration.seconds(verifyTimeout) ?? 120
        let task = Task { await run.verify(project: resolved, services: selected, timeout: seconds) }
        interruption.onInterrupt { task.cancel() }
        let report = await task.value
        if format == .json {
            ErrorReporter.writeStdout(ProgressRenderer.event("health", embedding: "report", HealthCommand.document(report)))
        } else {
            HealthCommand.render(report, format: .text)
        }
        if interruption.caught != nil { throw ExitCode(interruption.exitCode) }
        if report.verdict == .failed {
            ErrorReporter.error("verify", "the deploy converged but \(report.failures.count) health check\(report.failures.count == 1 ? "" : "s") failed")
            throw PlaneExit.failure
        }
    }

    static func refuse(_ verdict: LintGate.Verdict) throws -> Never {
        ErrorReporter.writeStderr(LintTextRenderer.render(verdict.report, strict: false, color: ErrorReporter.useColor))
        ErrorReporter.error("lint", "refusing to deploy: \(verdict.blocking.count) lint error"
            + (verdict.blocking.count == 1 ? "" : "s") + "; nothing was changed (fix them, or --skip-lint to override)", findings: verdict.blocking)
        throw PlaneExit.failure
    }
}
