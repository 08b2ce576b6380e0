import DockerEngine

/// Whether a replacement has proven itself, so its old container may go: running and healthy (its
/// healthcheck's start period is the engine's to honour), or, without a healthcheck, running for
/// the whole proof window; and never restarting. A container that exits, restarts (its restart
/// count grows) or turns unhealthy inside the window has failed, with a reason naming the restart
/// loop or the failed checks.
public struct ReplacementProof: Sendable {
    public var watch: ContainerWatch
    /// Longest wait for the proof.
    public var timeout: Duration
    /// How long a container without a healthcheck must keep running.
    public var window: Duration

    public init(watch: ContainerWatch, timeout: Duration, window: Duration) {
        self.watch = watch
        self.timeout = timeout
        self.window = window
    }

    public func wait(for container: String, onPending: @Sendable (String) -> Void = { _ in }) async throws -> ConditionWaiter.Result {
        let started = ContinuousClock.now
        let deadline = started + timeout
        var lastReason: String?
        var moment = started
        var baseline: Int?
        var runningSince: ContinuousClock.Instant?
        while true {
            guard let inspect = try await watch.look(container, notBefore: moment) else {
                return .failed("\(container) does not exist")
            }
            let restarts = inspect.restartCount ?? 0
            if baseline == nil { baseline = restarts }
            let outcome = Self.evaluate(inspect, restartsBefore: baseline ?? 0)
            let reason: String
            switch outcome {
            case .failed(let why): return .failed(why)
            case .satisfied: return .satisfied
            case .pending(let why):
                if why.isEmpty {
                    // Running without a healthcheck: it must keep running for the window.
                    let since = runningSince ?? moment
                    runningSince = since
                    if ContinuousClock.now - since >= window { return .satisfied }
                    reason = "\(container) is running; watching it for \(window) before its old container goes"
                } else {
                    runningSince = nil
                    reason = why
                }
            }
            if reason != lastReason {
                onPending(reason)
                lastReason = reason
            }
            moment = await watch.nextTick(container, after: .now)
            if let runningSince, window < timeout, runningSince + window < moment, runningSince + window > ContinuousClock.now {
                moment = runningSince + window
            }
            if moment > deadline { return .timedOut(reason) }
            try await Task.sleep(until: moment, clock: .continuous)
        }
    }

    /// One look: failed (exited, restarting, unhealthy), satisfied (healthy), or pending; pending
    /// with an empty reason means "running, no healthcheck" (the caller times the window).
    public static func evaluate(_ container: Engine.ContainerInspect, restartsBefore: Int) -> ConditionOutcome {
        let name = container.name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? container.id
        let state = container.state
        let status = state?.status ?? "unknown"
        let restarts = container.restartCount ?? 0
        let exitCode = state?.exitCode ?? 0
        if restarts > restartsBefore || status == "restarting" || state?.restarting == true {
            let count = max(restarts - restartsBefore, 1)
            return .failed("\(name) is in a restart loop: it exited (last exit code \(exitCode)) and was restarted \(count) time\(count == 1 ? "" : "s") while plane watched it")
        }
        if status == "exited" || status == "dead" {
            // A one-shot job (`restart: no`) that completed is what it should be.
            let policy = container.hostConfig?.restartPolicy?.name ?? ""
            if status == "exited" && exitCode == 0 && (policy.isEmpty || policy == "no") { return .satisfied }
            return .failed("\(name) exited with code \(exitCode) right after it started")
        }
        guard status == "running" else { return .pending("\(name) is \(status)") }
        let hasHealthcheck = container.config?.healthcheck?.test.map { !$0.isEmpty && $0 != ["NONE"] } ?? false
        guard hasHealthcheck else { return .pending("") }
        switch state?.health?.status {
        case "healthy": return .satisfied
        case "unhealthy": return .failed(unhealthyReason(name, state?.health))
        case nil: return .pending("\(name) is running, no health status yet")
        default: return .pending("\(name) health: starting")
        }
    }

    /// "x is unhealthy: its healthcheck failed 3 times in a row (last exit code 1)". The checks'
    /// output is not repeated (it may hold anything the container prints).
    static func unhealthyReason(_ name: String, _ health: Engine.Health?) -> String {
        let log = health?.log ?? []
        let failed = log.filter { ($0.exitCode ?? 0) != 0 }
        let streak = max(health?.failingStreak ?? 0, failed.count)
        guard streak > 0 else { return "\(name) is unhealthy (the engine reports it so; no failed check in its log)" }
        let last = failed.last?.exitCode.map { " (last exit code \($0))" } ?? ""
        return "\(name) is unhealthy: its healthcheck failed \(streak) time\(streak == 1 ? "" : "s")\(health?.failingStreak ?? 0 > 0 ? " in a row" : "")\(last)"
    }
}
