import ArgumentParser
import DockerEngine
import Foundation
import HealthProbe
#if canImport(Glibc)
import Glibc
#endif
import PlaneKit
import PlaneStore

/// `plane drift`: does the engine still run what the files say, both ways? One line per drifted item
/// with its direction, cause and fix; exit codes a timer acts on; `--fix` converges through the same
/// deploy use case as `plane up`; `--max-age` notices a dead timer.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare the engine with the files, both ways; --fix converges what drifted.",
        discussion: """
            Directions: files->engine (an env file, secret, config file, tag or definition changed and the engine was \
            not updated) and engine->files (a container stopped, removed, recreated by docker run, edited by \
            docker update, disconnected from a network, or started with the project's label outside the files). \
            Read-only unless --fix; --fix converges through `plane up`'s deploy path (lint gate, run lock, journal, \
            restore), is refused while the freeze file exists (x-plane.upgrade.freeze-file, default \
            <state dir>/freeze), and checks again afterwards.

            Exit codes: 0 no drift (or --fix converged it); 1 error (a service or the project could not be \
            compared or fixed; outranks drift); 2 drift found; 4 --fix skipped, another plane run holds the \
            project's lock; 5 --fix held by the freeze file. --max-age: 0 the last timer run is recent enough, \
            1 it is older than the age or there is none. Every run is recorded in the history (kind drift); \
            --textfile DIR writes DIR/plane_drift_<project>.prom for node-exporter (docs/DRIFT.md).

            --check-updates also lists the services whose tag now points at a newer registry digest ("update \
            available", one line each with the running and the registry's digest). That is not drift and leaves the \
            exit code alone (0 when nothing drifted); a registry that cannot be asked is an error (1) for that \
            service. `plane upgrade --check` is the command whose exit code (2) says updates are available.
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services to check (default: the profiles' services and what they depend on).") var services: [String] = []
    @Option(help: "text (one line per item) or json (docs/DRIFT.md).") var format: HistoryFormat = .text
    @Option(help: "Write plane_drift_<project>.prom for node-exporter's textfile collector into this folder.") var textfile: String?
    @Flag(help: "Converge the drifted services (as `plane up` does), then check again.") var fix = false
    @Option(name: .customLong("max-age"), help: "Only check the history: fail when the last timer run is older than this (15min, 2h, 1d).")
    var maxAge: String?
    @Flag(name: .customLong("check-updates"), help: "Also ask the registry (through the engine, nothing downloaded) whether each tag points at a newer digest; listed as update available, not drift.")
    var checkUpdates = false
    @Flag(name: .customLong("skip-lint"), help: "--fix without the lint gate (not recommended).") var skipLint = false
    @Option(name: .customLong("lock-timeout"), parsing: .unconditional, help: "--fix: seconds to wait for another plane run (default 0: exit 4 at once).")
    var lockTimeout: Int = 0

    func validate() throws {
        if let maxAge, TimeSpan(maxAge) == nil { throw ValidationError("--max-age must be a span such as 30min, 2h or 1d, not \(maxAge)") }
        if maxAge != nil && fix { throw ValidationError("--max-age only reads the history; it cannot be combined with --fix") }
        if maxAge != nil && checkUpdates { throw ValidationError("--max-age only reads the history; it cannot be combined with --check-updates") }
        if lockTimeout < 0 { throw ValidationError("--lock-timeout must be 0 or a positive number of seconds") }
    }

    func run() async throws {
        let environment = Environment.current
        if let maxAge, let span = TimeSpan(maxAge) { return try checkAge(span, environment: environment) }

        let interruption = fix ? Interruption() : nil
        interruption?.watch()
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = Date()
        let state = StateDirectory(environment: environment)
        let trigger = environment["PLANE_TRIGGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "interactive"
        var name = project.projectName ?? environment["COMPOSE_PROJECT_NAME"] ?? ""
        let result: DriftRun.Outcome
        var early: EarlyEngine?
        do {
            early = EarlyEngine.start(try engine.configuration(), options: project.options(environment: environment))
            let (resolved, unchecked) = try Self.load(project)
            name = resolved.name
            for warning in resolved.warnings { ErrorReporter.warn(warning) }
            let request = UpRequest(profiles: project.requestedProfiles(environment: environment), services: services)
            let key = try LabelKey.loadOrCreate(in: state.path)
            let client = try await early!.engine(for: resolved.name)
            let history = try openHistory(state: state)
            var options = Deployment.RunOptions(state: state, history: history)
            options.trigger = trigger
            options.lockTimeout = .seconds(lockTimeout)
            // a --fix that replaces a start-first service drains its old container from Traefik, as up does
            options.routes = TraefikRoutes(project: resolved)
            let run = DriftRun(
                check: DriftCheck(project: resolved, request: request, engine: client, key: key, unchecked: unchecked, checkUpdates: checkUpdates), fix: fix,
                freeze: try FreezeFile.resolve(project: resolved, state: state), skipLint: skipLint)
            // --fix converges through the deploy path: SIGINT/SIGTERM (a timer's unit stopped) cancel it
            // as they cancel `plane up` (the step in flight ends, what was set aside runs again).
            let task = Task { try await run.run(options) }
            interruption?.onInterrupt { task.cancel() }
            result = try await task.value
        } catch {
            await early?.abandon()
            // An error is a result too: said, recorded and exported, so a broken check is never silent.
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let message = Self.describe(error)
            if !name.isEmpty { Self.recordError(name: name, state: state, trigger: trigger, startedAt: startedAt, seconds: seconds) }
            let report = DriftCheck.Report(project: name, items: [], problems: [DriftProblem(service: nil, message: message)],
                                           liveChanges: [:], checkedServices: [])
            let outcome = DriftRun.Outcome(status: .error, report: report, detail: nil, writes: 0, seconds: seconds, run: nil)
            if let interruption, interruption.caught != nil {
                try? finish(outcome)
                throw ExitCode(interruption.exitCode)
            }
            try finish(outcome)
            return
        }
        await early?.settle()
        if let interruption, interruption.caught != nil {
            // Said, recorded and exported like any result, then the signal's exit code.
            try? finish(result)
            throw ExitCode(interruption.exitCode)
        }
        try finish(result)
    }

    /// Prints, writes the metrics, exits with the status's code.
    private func finish(_ outcome: DriftRun.Outcome) throws {
        switch format {
        case .text: ErrorReporter.writeStdout(DriftView.text(outcome))
        case .json: ErrorReporter.writeStdout(DriftView.json(outcome))
        }
        for problem in outcome.report.problems {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[drift]: " + (problem.service.map { "\($0): " } ?? "") + problem.message + "\n")
        }
        if let detail = outcome.detail { ErrorReporter.writeStderr(detail + "\n") }
        if let textfile, !outcome.report.project.isEmpty {
            let metrics = DriftMetrics(project: outcome.report.project, status: outcome.status, items: outcome.report.items,
                                       finishedAt: Date(), seconds: outcome.seconds, updates: outcome.report.updates)
            do { try metrics.write(to: textfile) } catch {
                ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[textfile]: \(error.description)\n")
                throw ExitCode(DriftStatus.error.exitCode)
            }
        }
        let code = outcome.status.exitCode
        if code != 0 { throw ExitCode(code) }
    }

    /// `--max-age`: the history alone.
    private func checkAge(_ span: TimeSpan, environment: [String: String]) throws {
        let name = try project.resolvedName()
        let path = HistoryLocation.path(environment: environment)
        var last: DriftCheckSummary?
        if FileSystem.exists(path) {
            do { last = try SQLiteHistory(path: path, create: false).lastDriftCheck(project: name, trigger: "timer") } catch {
                ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[history-\(error.code.rawValue)]: \(error.description)\n")
                throw ExitCode(1)
            }
        }
        guard let last else {
            ErrorReporter.writeStdout("stale: no drift check of project \(name) was ever run by the timer (plane timer install)\n")
            throw ExitCode(1)
        }
        let age = Int(Date().timeIntervalSince(last.startedAt).rounded(.down))
        let text = "the last timer drift check of \(name) (run \(last.run), \(last.status)) started \(TimeSpan.describe(seconds: max(age, 0))) ago"
        if age > span.seconds {
            ErrorReporter.writeStdout("stale: \(text), more than --max-age \(span.text): is the timer running? (plane timer status)\n")
            throw ExitCode(1)
        }
        ErrorReporter.writeStdout("ok: \(text)\n")
    }

    /// The project; when it does not load because of one service's inputs (a missing env file, an
    /// unset required variable), the project without those services and a problem for each, so the
    /// other services are still compared. A problem of the whole project is thrown.
    static func load(_ flags: ProjectFlags) throws -> (ResolvedProject, [DriftProblem]) {
        var options = flags.allProfiles.options(environment: Environment.current)
        let first = Result { () throws(LoadError) -> ResolvedProject in try ProjectLoader.load(options) }
        guard case .failure(let error) = first else { return (try first.get(), []) }
        options.recordsInputProblems = true
        let partial = Result { () throws(LoadError) -> ResolvedProject in try ProjectLoader.load(options) }
        guard case .success(let project) = partial, !project.inputProblems.isEmpty,
              project.inputProblems.allSatisfy({ $0.service != nil }) else { throw error }
        return (project, project.inputProblems.map { DriftProblem(service: $0.service, message: "[\($0.error.code.rawValue)] \($0.error.description)") })
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? LoadError { return "[\(error.code.rawValue)] \(error.description)" }
        if let error = error as? PlanError { return "[\(error.code.rawValue)] \(error.description)" }
        if let error = error as? HistoryError { return "[history-\(error.code.rawValue)] \(error.description)" }
        return String(describing: error)
    }

    /// A run that failed before the check: recorded as a drift run with status error (best effort).
    static func recordError(name: String, state: StateDirectory, trigger: String, startedAt: Date, seconds: Double) {
        guard let history = try? openHistory(state: state) else { return }
        let start = RunStart(project: name, kind: .drift, startedAt: startedAt, user: Deployment.user(), pid: getpid(),
                             profiles: [], services: [], trigger: trigger, planeVersion: Deployment.version)
        guard let run = try? history.begin(start) else { return }
        try? history.finish(run, outcome: .failed, services: [])
        try? history.recordDrift(DriftRecord(status: DriftStatus.error.rawValue, items: [], seconds: seconds), in: run)
    }
}
