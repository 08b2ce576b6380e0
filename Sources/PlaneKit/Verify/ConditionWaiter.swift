import DockerEngine

/// Waits for a container to meet a condition by inspecting it on the watch's 500 ms ticks (as
/// compose polls), for at most `timeout`. The first look is immediate, so a condition that
/// already holds costs one request and no sleep.
public struct ConditionWaiter: Sendable {
    public enum Result: Sendable, Equatable {
        case satisfied
        case failed(String)
        /// The time ran out; the text is what it was still waiting for.
        case timedOut(String)
    }

    public var watch: ContainerWatch
    public var timeout: Duration

    public init(watch: ContainerWatch, timeout: Duration) {
        self.watch = watch
        self.timeout = timeout
    }

    public init(engine: any ContainerEngine, interval: Duration = .milliseconds(500), timeout: Duration) {
        self.init(watch: ContainerWatch(engine: engine, interval: interval), timeout: timeout)
    }

    /// - Parameter onPending: told the first time and every time the pending reason changes.
    public func wait(
        for container: String, _ condition: DependencyCondition, onPending: @Sendable (String) -> Void = { _ in }
    ) async throws -> Result {
        let deadline = ContinuousClock.now + timeout
        var lastReason: String?
        var moment = ContinuousClock.now
        while true {
            guard let inspect = try await watch.look(container, notBefore: moment) else {
                return .failed("\(container) does not exist")
            }
            switch ConditionCheck.evaluate(condition, inspect) {
            case .satisfied:
                return .satisfied
            case .failed(let reason):
                return .failed(reason)
            case .pending(let reason):
                if reason != lastReason {
                    onPending(reason)
                    lastReason = reason
                }
                moment = await watch.nextTick(container, after: .now)
                if moment > deadline { return .timedOut(reason) }
                try await Task.sleep(until: moment, clock: .continuous)
            }
        }
    }
}
