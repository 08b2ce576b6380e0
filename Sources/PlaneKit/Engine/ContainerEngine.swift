import DockerEngine

/// The Engine calls PlaneKit makes, and nothing else: the seam between plane's decisions and the
/// Docker Engine. `Engine.Client` conforms (below); tests use an in-memory engine
/// (`Tests/PlaneTestSupport/FakeEngine`), and `RecordingEngine` wraps any engine to see every call.
/// `plane doctor` probes each method (`AccessProbe.all` names its `EngineCall`; a test holds them equal).
///
/// Requirements carry every argument (no defaults): call sites say what they mean.
public protocol ContainerEngine: Sendable {
    var features: EngineFeatures { get }

    /// `GET /_ping`
    func pingEngine() async throws
    /// `GET /version`
    func engineVersion() async throws
    /// `GET /containers/json`
    func listContainers(all: Bool, filters: Engine.Filters) async throws -> [Engine.ContainerSummary]
    /// `GET /containers/{id}/json`
    func inspectContainer(_ id: String) async throws -> Engine.ContainerInspect
    /// `POST /containers/create`
    func createContainer(name: String?, _ request: Engine.ContainerCreateRequest) async throws -> Engine.ContainerCreateResponse
    /// `POST /containers/{id}/start` (false: it was running already)
    func startContainer(_ id: String) async throws -> Bool
    /// `POST /containers/{id}/stop` (false: it was stopped already)
    func stopContainer(_ id: String, timeout: Int?) async throws -> Bool
    /// `DELETE /containers/{id}`
    func removeContainer(_ id: String, force: Bool, volumes: Bool) async throws
    /// `POST /containers/{id}/rename`
    func renameContainer(_ id: String, to name: String) async throws
    /// `POST /containers/{id}/pause` (a start-first replacement drains its old container through Traefik)
    func pauseContainer(_ id: String) async throws
    /// `POST /containers/{id}/unpause`
    func unpauseContainer(_ id: String) async throws
    /// `GET /networks`
    func listNetworks(filters: Engine.Filters) async throws -> [Engine.Network]
    /// `POST /networks/create`
    func createNetwork(_ request: Engine.NetworkCreateRequest) async throws -> Engine.NetworkCreateResponse
    /// `DELETE /networks/{id}`
    func removeNetwork(_ id: String) async throws
    /// `POST /networks/{id}/connect`
    func connectNetwork(_ network: String, container: String, endpoint: Engine.EndpointSettings?) async throws
    /// `GET /volumes`
    func listVolumes(filters: Engine.Filters) async throws -> [Engine.Volume]
    /// `GET /volumes/{name}`
    func inspectVolume(_ name: String) async throws -> Engine.Volume
    /// `POST /volumes/create`
    func createVolume(_ request: Engine.VolumeCreateRequest) async throws -> Engine.Volume
    /// `DELETE /volumes/{name}`
    func removeVolume(_ name: String, force: Bool) async throws
    /// `GET /images/{name}/json`
    func inspectImage(_ name: String) async throws -> Engine.ImageInspect
    /// `POST /images/create`
    func pull(_ reference: String) async throws
    /// `GET /distribution/{name}/json`: the registry's current digest of a reference; downloads nothing.
    func registryDigest(_ reference: String) async throws -> String
    /// `POST /images/{name}/tag`: points `repository:tag` at the image `image` (an ID or a reference).
    func tagImage(_ image: String, repository: String, tag: String) async throws
    /// `DELETE /images/{name}` (never forced: an image a container uses stays).
    func removeImage(_ image: String) async throws
}

/// Each method of `ContainerEngine`, as recorded by `RecordingEngine` and probed by `plane doctor`.
public enum EngineCall: String, Sendable, CaseIterable, Hashable {
    case ping, version, listContainers, inspectContainer, createContainer, startContainer, stopContainer
    case removeContainer, renameContainer, listNetworks, createNetwork, removeNetwork, connectNetwork
    case listVolumes, inspectVolume, createVolume, removeVolume, inspectImage, pullImage
    case distributionInspect, tagImage, removeImage, pauseContainer, unpauseContainer

    /// Whether the call changes the engine.
    public var isWrite: Bool {
        switch self {
        case .ping, .version, .listContainers, .inspectContainer, .listNetworks, .listVolumes, .inspectVolume, .inspectImage,
             .distributionInspect: false
        default: true
        }
    }
}

extension Engine.Client: ContainerEngine {
    public func pingEngine() async throws { _ = try await ping() }
    public func engineVersion() async throws { _ = try await version() }
    public func pull(_ reference: String) async throws { _ = try await pullImage(reference) }
    public func registryDigest(_ reference: String) async throws -> String { try await distributionInspect(reference).descriptor.digest }
    // tagImage(_:repository:tag:), pauseContainer(_:), unpauseContainer(_:) are the client's own.
    public func removeImage(_ image: String) async throws { _ = try await removeImage(image, force: false, noPrune: false) }
}
