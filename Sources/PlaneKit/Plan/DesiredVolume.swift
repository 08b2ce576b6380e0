import DockerEngine

/// A named volume the selected services mount, as the project declares it.
public struct DesiredVolume: Sendable, Equatable {
    public var key: String
    public var name: String
    /// Verified, never created or removed.
    public var external: Bool
    public var request: Engine.VolumeCreateRequest
    public var location: SourceLocation?
}
