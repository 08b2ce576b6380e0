import ArgumentParser
import DockerEngine
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

    @Argument(help: "Services to bring up (default: the profiles' services).") var services: [String] = []

    @Flag(help: "Wait until every selected service is running, healthy when it has a healthcheck.") var wait = false
    @Option(name: .customLong("wait-timeout"), help: "Seconds to wait for any one condition (dependencies, --wait). Default 300.")
    var waitTimeout: Int?
    @Flag(name: .customLong("no-deps"), help: "Do not bring up the services' dependencies.") var noDeps = false
    @Option(help: "Pull images: missing (default), always, never.") var pull: PullPolicy = .missing
    @Flag(name: .customLong("remove-orphans"), help: "Remove containers of services the project no longer defines.")
    var removeOrphans = false
    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing (same as `plane plan`).") var dryRun = false
    @Option(help: "Progress output: text (live on a terminal, lines otherwise) or json (one event per line).")
    var format: ProgressFormat = .text
    @Flag(name: .customLong("skip-lint"), help: "Skip the lint preflight (not recommended).") var skipLint = false
    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Accepted for docker compose habits; plane always detaches.")
    var detach = false

    func validate() throws {
        if let waitTimeout, waitTimeout <= 0 { throw ValidationError("--wait-timeout must be a positive number of seconds") }
    }

    func run() async throws {
        if skipLint {
            ErrorReporter.writeStderr(
                (ErrorReporter.useColor ? "\u{1B}[1;31m" : "") + "WARNING: --skip-lint: the project is NOT linted before up; "
                    + "mistakes lint would catch (unpinned images, exposed ports, secrets in environment) go straight to the engine"
                    + (ErrorReporter.useColor ? "\u{1B}[0m" : "") + "\n")
        }
        let resolved = try preflight(project)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }

        let environment = Environment.current
        let request = ConvergenceSetup.request(project: project, services: services, noDeps: noDeps, pull: pull,
                                               removeOrphans: removeOrphans, wait: wait, environment: environment)
        let key = try await ConvergenceSetup.labelKey(environment: environment)
        let client = try await engine.connect()
        let renderer = ProgressRenderer(format: format)
        let executor = Executor(engine: client, waitTimeout: .seconds(waitTimeout ?? 300), onEvent: renderer.handle)

        let preparation = try await ErrorReporter.exiting {
            dryRun
                ? try await Convergence.prepare(project: resolved, request: request, engine: client, key: key)
                : try await Convergence.pullThenPrepare(project: resolved, request: request, engine: client, key: key, executor: executor)
        }
        let plan = preparation.plan
        if dryRun {
            ErrorReporter.writeStdout(plan.text)
            return
        }
        for note in plan.notes { ErrorReporter.note(note) }
        if !plan.blockers.isEmpty {
            for blocker in plan.blockers { ErrorReporter.writeStderr("error[blocked]: \(blocker)\n") }
            ErrorReporter.writeStderr("nothing was changed\n")
            throw PlaneExit.failure
        }
        if plan.operations.isEmpty {
            renderer.note("\(resolved.name): \(plan.upToDate.count) service\(plan.upToDate.count == 1 ? "" : "s") up to date, nothing to do")
            return
        }
        let writes = plan.writes.count
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try await executor.run(plan)
        } catch {
            // What ran before keeps running: services whose replacement did not come up get their
            // old container back before plane reports the failure.
            let report = await Restoration.restore(after: error, of: plan, engine: client)
            for item in report.restored {
                renderer.note("restored \(item.container): the previous container runs again (its replacement did not come up)")
            }
            for failure in report.failures { ErrorReporter.writeStderr("error[restore]: \(failure)\n") }
            try await ErrorReporter.exiting { throw error }
        }
        let elapsed = clock.now - started
        renderer.note("\(resolved.name): " + (writes == 0 ? "nothing to change, \(plan.upToDate.count) services checked" : "\(writes) change\(writes == 1 ? "" : "s") applied") + " in \(String.seconds(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18).trimmingLeadingSpaces)")
    }

    /// The lint preflight: before `up` touches the engine, the profiles asked for (and the named
    /// services) are linted; errors refuse the deploy, unless `--skip-lint` was given. Then the
    /// project is loaded with every profile enabled (plane selects services itself).
    func preflight(_ project: ProjectFlags) throws -> ResolvedProject {
        if !skipLint {
            var scope = project
            scope.profiles = project.requestedProfiles(environment: Environment.current)
            let result = Result { () throws(LoadError) -> LintGate.Verdict in
                try LintGate.check(scope.options(environment: Environment.current), services: services)
            }
            let verdict: LintGate.Verdict
            switch result {
            case .success(let v): verdict = v
            case .failure(let error):
                ErrorReporter.report(error)
                throw PlaneExit.invalidProject
            }
            if !verdict.allowsDeploy {
                ErrorReporter.writeStderr(LintTextRenderer.render(verdict.report, strict: false, color: ErrorReporter.useColor))
                ErrorReporter.writeStderr("error[lint]: refusing to deploy: \(verdict.blocking.count) lint error"
                    + (verdict.blocking.count == 1 ? "" : "s") + "; nothing was changed (fix them, or --skip-lint to override)\n")
                throw PlaneExit.failure
            }
        }
        return try ProjectLoading.load(project.allProfiles)
    }
}
