import Synchronization

/// Shared by a `FakeEngine` and a `MemoryHistory`: once the engine "dies" (a simulated kill -9),
/// the history drops every later write too, as a killed process would never make them.
public final class KillSwitch: Sendable {
    private let state = Mutex(false)
    public init() {}
    public var killed: Bool { state.withLock { $0 } }
    public func kill() { state.withLock { $0 = true } }
    public func reset() { state.withLock { $0 = false } }
}
