import DockerEngine

/// One view of container states shared by everything that waits during a run: every waiter on a
/// container polls on the same 500 ms ticks, and waiters on the same tick share one
/// `GET /containers/{id}/json`. Twenty services waiting for traefik to be healthy then cost the
/// engine one inspect per tick instead of twenty, and all twenty see it healthy on the same tick.
///
/// A container the run has just started gets its ticks shifted so that one falls when its first
/// health probe is due (the engine runs it `interval` after the start), then every 25 ms for half a
/// second: the probe's result (its command run in the container, some tens of milliseconds) is read
/// as soon as it is there, not up to 500 ms later.
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
    /// Ticks right after a started container's first probe is due: this far apart (an inspect takes a
    /// few milliseconds), for `fineWindow` (busybox `true` takes ~40 ms; an app's check, more).
    public static let fineInterval: Duration = .milliseconds(25)
    public static let fineWindow: Duration = .milliseconds(500)

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
        anchors[container] = instant + probeInterval
    }

    /// The next tick for `container` after `instant`: on the grid (every `interval`, one at the first
    /// probe's due moment), or every `fineInterval` in the `fineWindow` after that moment.
    public func nextTick(_ container: String, after instant: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let anchor = anchors[container] ?? origin
        if anchors[container] != nil, instant >= anchor, instant < anchor + Self.fineWindow {
            let ticks = Int64(((instant - anchor) / Self.fineInterval).rounded(.down)) + 1
            return anchor + Self.fineInterval * ticks
        }
        let ticks = Int64(((instant - anchor) / interval).rounded(.down)) + 1
        return anchor + interval * ticks
    }
}
