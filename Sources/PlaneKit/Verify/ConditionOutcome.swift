/// One look at a container against a `DependencyCondition`.
public enum ConditionOutcome: Sendable, Equatable {
    case satisfied
    /// Not yet: keep polling. The text says what it is waiting for ("health: starting").
    case pending(String)
    /// It will not get there without a change: unhealthy, exited, no healthcheck.
    case failed(String)
}
