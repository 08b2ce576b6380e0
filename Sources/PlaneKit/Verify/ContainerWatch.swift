import DockerEngine

/// One view of container states shared by everything that waits during a run: every waiter on a
/// container polls on the same 500 ms ticks, and waiters on the same tick share one
/// `GET /containers/{id}/json`. Twenty services waiting for traefik to be healthy then cost the
/// engine one inspect per tick instead of twenty, and all twenty see it healthy on the same tick.
///
/// A container the run has just started gets its ticks shifted so that one falls right after its
/// first health probe (the engine runs it `interval` after the start): the state is read when it
/// can have changed, not up to 500 ms later.
public actor ContainerWatch {
    private struct Look {
        var at: ContinuousClock.Instant
        var result: Result<Engine.ContainerInspect?, any Error>
    }

    public let engine: any ContainerEngine
    /// Ticks are counted from here, so every waiter shares the same grid.
    public let origin: ContinuousClock.Instant
    public let interval: Duration
    private var looks: [String: Look] = [:]
    private var pending: [String: (at: ContinuousClock.Instant, task: Task<Engine.ContainerInspect?, any Error>)] = [:]
    /// Per-container grid anchors (a tick at each anchor + n x interval).
    private var anchors: [String: ContinuousClock.Instant] = [:]
    /// How long after a probe is due its result is looked for (busybox `true` takes ~40 ms).
    public static let probeAllowance: Duration = .milliseconds(120)

    public init(engine: any ContainerEngine, interval: Duration = .milliseconds(500)) {
        self.engine = engine
        self.interval = interval
        self.origin = .now
    }

    /// The container as inspected at or after `notBefore` (nil when it does not exist), sharing
    /// a request with any other caller asking for the same moment.
    public func look(_ container: String, notBefore: ContinuousClock.Instant) async throws -> Engine.ContainerInspect? {
        if let cached = looks[container], cached.at >= notBefore { return try cached.result.get() }
        if let inflight = pending[container], inflight.at >= notBefore { return try await inflight.task.value }
        let started = ContinuousClock.now
        let engine = self.engine
        let task = Task<Engine.ContainerInspect?, any Error> {
            do {
                return try await engine.inspectContainer(container)
            } catch let error as EngineError where error.isNotFound {
                return nil
            }
        }
        pending[container] = (started, task)
        let result = await task.result
        if pending[container]?.at == started { pending[container] = nil }
        if (looks[container]?.at ?? origin) <= started { looks[container] = Look(at: started, result: result) }
        return try result.get()
    }

    /// The container was just started and has a healthcheck run every `probeInterval`: anchor its
    /// ticks on its first probe.
    public func started(_ container: String, at instant: ContinuousClock.Instant = .now, probeInterval: Duration) {
        anchors[container] = instant + probeInterval + Self.probeAllowance
    }

    /// The next tick for `container` after `instant`.
    public func nextTick(_ container: String, after instant: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let anchor = anchors[container] ?? origin
        let ticks = Int64(((instant - anchor) / interval).rounded(.down)) + 1
        return anchor + interval * ticks
    }
}
