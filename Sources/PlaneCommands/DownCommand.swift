import ArgumentParser
import PlaneKit

/// `plane down`: stop and remove the project's containers in reverse profile and dependency
/// order; networks go with the last container, volumes only with `-v`.
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop and remove containers (all, or those of --profile / the named services), in reverse order.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services to take down (default: the profiles', or everything).") var services: [String] = []
    @Flag(name: [.customShort("v"), .customLong("volumes")], help: "Also remove the project's named volumes.") var volumes = false
    @Option(name: [.customShort("t"), .customLong("timeout")], parsing: .unconditional, help: "Seconds to wait for each container to stop (negative: wait as long as it takes, as the Engine does).") var timeout: Int?
    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing.") var dryRun = false
    @Option(help: "Progress output: text or json.") var format: ProgressFormat = .text
    @Option(name: .customLong("lock-timeout"), parsing: .unconditional, help: "Seconds to wait for another plane run on this project to finish (default 0: exit 4 at once).")
    var lockTimeout: Int = 0

    func run() async throws {
        let renderer = ProgressRenderer(format: format)
        try await renderer.reportingResult { try await takeDown(renderer: renderer) }
    }

    func takeDown(renderer: ProgressRenderer) async throws {
        if let (name, reason) = labelOnlyProject() { return try await downByLabels(name, reason: reason) }
        let resolved = try ProjectLoading.load(project.allProfiles)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        let client = try await engine.connect()
        let plan = try await ErrorReporter.exiting {
            try await Convergence.prepareDown(
                project: resolved, profiles: project.requestedProfiles(environment: Environment.current), services: services,
                engine: client, options: Teardown.Options(removeVolumes: volumes, timeout: timeout))
        }
        if dryRun {
            ErrorReporter.writeStdout(plan.text)
            return
        }
        for note in plan.notes { ErrorReporter.note(note) }
        if plan.operations.isEmpty {
            renderer.note("\(resolved.name): nothing to take down")
            return
        }
        try await execute(plan, project: resolved.name, redaction: EnvironmentRedaction(project: resolved),
                          profiles: project.requestedProfiles(environment: Environment.current), engine: client, renderer: renderer)
    }

    /// Both paths (files, labels): one mutating run per project (down waits for, or skips past, a
    /// running up), recorded in the history like `up`'s runs.
    func execute(_ plan: Plan, project name: String, redaction: EnvironmentRedaction, profiles: [String],
                 engine client: any ContainerEngine, renderer: ProgressRenderer) async throws {
        let environment = Environment.current
        let state = StateDirectory(environment: environment)
        let lock: RunLock
        do {
            lock = try await state.lock(project: name, timeout: .seconds(lockTimeout))
        } catch {
            if case .held(let holder) = error {
                ErrorReporter.writeStderr("skipped: \(holder) (another plane run on \(name); --lock-timeout SECONDS waits for it)\n")
                ErrorReporter.emit(ErrorEvent(code: "locked", message: "skipped: \(holder) (another plane run on \(name))"))
                throw PlaneExit.locked
            }
            ErrorReporter.error("state", "\(error)")
            throw PlaneExit.failure
        }
        defer { lock.release() }
        let history = try await ErrorReporter.exiting { try openHistory(state: state) }
        try await ErrorReporter.exiting {
            try await Deployment.teardown(
                plan, project: name, redaction: redaction, profiles: profiles, services: services,
                engine: client, history: history,
                trigger: environment["PLANE_TRIGGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "interactive",
                onEvent: renderer.handle)
        }
        renderer.note("\(name): down")
    }
}
