#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Deployment {
    /// `plane down` as a recorded run: begun in the history, each step journalled before its Engine
    /// call (as `up`'s are), finished with its outcome. The caller holds the project's run lock.
    public static func teardown(
        _ plan: Plan, project: String, redaction: EnvironmentRedaction, profiles: [String], services: [String],
        engine: any ContainerEngine, history: any DeploymentHistory, trigger: String,
        onEvent: @escaping @Sendable (ProgressEvent) -> Void
    ) async throws {
        let run = try history.begin(RunStart(
            project: project, kind: .down, startedAt: Date(), user: user(), pid: getpid(),
            profiles: profiles, services: services, trigger: trigger, planeVersion: version))
        var executor = Executor(engine: engine, onEvent: onEvent)
        executor.observer = HistoryJournal(history: history, run: run, redaction: redaction)
        do {
            try await executor.run(plan)
            try? history.finish(run, outcome: .succeeded, services: [])
        } catch {
            try? history.finish(run, outcome: error.interrupted ? .interrupted : .failed, services: [])
            throw error
        }
    }
}
