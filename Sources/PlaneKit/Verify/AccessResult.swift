import DockerEngine

/// What one `AccessProbe` found.
public struct AccessResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The engine itself answered (2xx, or its own error for the probe's missing object).
        case allowed
        /// A socket proxy refused the method and path.
        case denied
        /// The proxy wants other credentials.
        case unauthorized
        /// Nothing answered, or something unexpected did.
        case failed
    }

    public var probe: AccessProbe
    public var outcome: Outcome
    /// The error behind any outcome but `.allowed` (its description never holds a credential).
    public var error: EngineError?
}
