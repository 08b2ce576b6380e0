import DockerEngine
import Synchronization

/// Wraps an engine and records every call (method and target) before forwarding it: how tests and
/// the journal see what a run did, through the same code path as a real run.
public final class RecordingEngine: ContainerEngine {
    public struct Call: Sendable, Equatable {
        public var call: EngineCall
        /// The container, network, volume or image the call is about ("" for list/ping).
        public var target: String
    }

    public let base: any ContainerEngine
    private let log = Mutex<[Call]>([])
    /// Told of each call before it is made.
    private let onCall: @Sendable (Call) -> Void

    public init(_ base: any ContainerEngine, onCall: @escaping @Sendable (Call) -> Void = { _ in }) {
        self.base = base
        self.onCall = onCall
    }

    public var calls: [Call] { log.withLock { $0 } }
    public var features: EngineFeatures { base.features }

    private func record(_ call: EngineCall, _ target: String) {
        let entry = Call(call: call, target: target)
        log.withLock { $0.append(entry) }
        onCall(entry)
    }

    public func pingEngine() async throws { record(.ping, ""); try await base.pingEngine() }
    public func engineVersion() async throws { record(.version, ""); try await base.engineVersion() }
    public func listContainers(all: Bool, filters: Engine.Filters) async throws -> [Engine.ContainerSummary] {
        record(.listContainers, ""); return try await base.listContainers(all: all, filters: filters)
    }
    public func inspectContainer(_ id: String) async throws -> Engine.ContainerInspect {
        record(.inspectContainer, id); return try await base.inspectContainer(id)
    }
    public func createContainer(name: String?, _ request: Engine.ContainerCreateRequest) async throws -> Engine.ContainerCreateResponse {
        record(.createContainer, name ?? ""); return try await base.createContainer(name: name, request)
    }
    public func startContainer(_ id: String) async throws -> Bool { record(.startContainer, id); return try await base.startContainer(id) }
    public func pauseContainer(_ id: String) async throws {
        record(.pauseContainer, id); try await base.pauseContainer(id)
    }
    public func unpauseContainer(_ id: String) async throws {
        record(.unpauseContainer, id); try await base.unpauseContainer(id)
    }
    public func stopContainer(_ id: String, timeout: Int?) async throws -> Bool {
        record(.stopContainer, id); return try await base.stopContainer(id, timeout: timeout)
    }
    public func removeContainer(_ id: String, force: Bool, volumes: Bool) async throws {
        record(.removeContainer, id); try await base.removeContainer(id, force: force, volumes: volumes)
    }
    public func renameContainer(_ id: String, to name: String) async throws {
        record(.renameContainer, id); try await base.renameContainer(id, to: name)
    }
    public func listNetworks(filters: Engine.Filters) async throws -> [Engine.Network] {
        record(.listNetworks, ""); return try await base.listNetworks(filters: filters)
    }
    public func createNetwork(_ request: Engine.NetworkCreateRequest) async throws -> Engine.NetworkCreateResponse {
        record(.createNetwork, request.name); return try await base.createNetwork(request)
    }
    public func removeNetwork(_ id: String) async throws { record(.removeNetwork, id); try await base.removeNetwork(id) }
    public func connectNetwork(_ network: String, container: String, endpoint: Engine.EndpointSettings?) async throws {
        record(.connectNetwork, container); try await base.connectNetwork(network, container: container, endpoint: endpoint)
    }
    public func listVolumes(filters: Engine.Filters) async throws -> [Engine.Volume] {
        record(.listVolumes, ""); return try await base.listVolumes(filters: filters)
    }
    public func inspectVolume(_ name: String) async throws -> Engine.Volume { record(.inspectVolume, name); return try await base.inspectVolume(name) }
    public func createVolume(_ request: Engine.VolumeCreateRequest) async throws -> Engine.Volume {
        record(.createVolume, request.name); return try await base.createVolume(request)
    }
    public func removeVolume(_ name: String, force: Bool) async throws { record(.removeVolume, name); try await base.removeVolume(name, force: force) }
    public func inspectImage(_ name: String) async throws -> Engine.ImageInspect { record(.inspectImage, name); return try await base.inspectImage(name) }
    public func pull(_ reference: String) async throws { record(.pullImage, reference); try await base.pull(reference) }
    public func registryDigest(_ reference: String) async throws -> String {
        record(.distributionInspect, reference); return try await base.registryDigest(reference)
    }
    public func tagImage(_ image: String, repository: String, tag: String) async throws {
        record(.tagImage, "\(image) as \(repository):\(tag)"); try await base.tagImage(image, repository: repository, tag: tag)
    }
    public func removeImage(_ image: String) async throws { record(.removeImage, image); try await base.removeImage(image) }
}
