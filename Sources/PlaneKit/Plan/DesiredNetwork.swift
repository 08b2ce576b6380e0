import DockerEngine

/// A network the selected services use, as the project declares it.
public struct DesiredNetwork: Sendable, Equatable {
    public var key: String
    public var name: String
    /// Verified, never created or removed.
    public var external: Bool
    public var request: Engine.NetworkCreateRequest
    public var location: SourceLocation?
}
