import DockerEngine
import Synchronization

/// Reads the engine while the project is still loading: the reads `ObservedState.observe` and the
/// drift check will make for a project whose name is known early (the project's container list, the
/// networks, its labelled volumes, an inspect of each of its containers and of each image they run),
/// started at once and kept until asked for.
///
/// Each prefetched answer is served **once**, to the first read that asks the same question; every
/// later read, every write and every question nobody prefetched goes to the engine. So a plan made
/// right after the load sees what the engine said a few milliseconds earlier (as it would have with
/// a slower load), and nothing after a write (a `--fix`, the check that follows it) ever sees an
/// answer older than that write.
public final class PrefetchingEngine: ContainerEngine {
    public let base: any ContainerEngine
    public let project: String

    private let containerList: Task<[Engine.ContainerSummary], any Error>
    private let networkList: Task<[Engine.Network], any Error>
    private let volumeList: Task<[Engine.Volume], any Error>
    /// Started once the container list is in: one inspect per listed container, one per image reference.
    private let speculation: Task<Speculation, Never>
    private let served = Mutex(Served())

    private struct Speculation: Sendable {
        var containers: [String: Task<Engine.ContainerInspect, any Error>] = [:]
        var images: [String: Task<Engine.ImageInspect, any Error>] = [:]
    }

    /// What was handed out already (each answer once).
    private struct Served {
        var containerList = false
        var networkList = false
        var volumeList = false
        var containers: Set<String> = []
        var images: Set<String> = []
    }

    /// Starts the reads for `project` on `base` now.
    public init(_ base: any ContainerEngine, project: String) {
        self.base = base
        self.project = project
        let byProject = Engine.Filters.label(ComposeLabel.project, project)
        let list = Task { try await base.listContainers(all: true, filters: byProject) }
        containerList = list
        networkList = Task { try await base.listNetworks(filters: [:]) }
        volumeList = Task { try await base.listVolumes(filters: byProject) }
        speculation = Task {
            guard let containers = try? await list.value else { return Speculation() }
            var speculation = Speculation()
            for container in containers {
                speculation.containers[container.id] = Task { try await base.inspectContainer(container.id) }
                if let image = container.image, !image.hasPrefix("sha256:"), speculation.images[image] == nil {
                    speculation.images[image] = Task { try await base.inspectImage(image) }
                }
            }
            return speculation
        }
    }

    /// Waits for every read still running (so the process never exits under a transfer), discarding the answers.
    public func settle() async {
        _ = await containerList.result
        _ = await networkList.result
        _ = await volumeList.result
        let speculation = await speculation.value
        for task in speculation.containers.values { _ = await task.result }
        for task in speculation.images.values { _ = await task.result }
    }

    /// Takes the flag for a once-only answer: true the first time.
    private func first(_ flag: WritableKeyPath<Served, Bool>) -> Bool {
        served.withLock { state in
            guard !state[keyPath: flag] else { return false }
            state[keyPath: flag] = true
            return true
        }
    }

    private func first(_ set: WritableKeyPath<Served, Set<String>>, _ key: String) -> Bool {
        served.withLock { $0[keyPath: set].insert(key).inserted }
    }

    public var features: EngineFeatures { base.features }

    public func listContainers(all: Bool, filters: Engine.Filters) async throws -> [Engine.ContainerSummary] {
        if all && filters == .label(ComposeLabel.project, project) && first(\.containerList) { return try await containerList.value }
        return try await base.listContainers(all: all, filters: filters)
    }

    public func inspectContainer(_ id: String) async throws -> Engine.ContainerInspect {
        if let task = await speculation.value.containers[id], first(\.containers, id) { return try await task.value }
        return try await base.inspectContainer(id)
    }

    public func listNetworks(filters: Engine.Filters) async throws -> [Engine.Network] {
        if filters.isEmpty && first(\.networkList) { return try await networkList.value }
        return try await base.listNetworks(filters: filters)
    }

    public func listVolumes(filters: Engine.Filters) async throws -> [Engine.Volume] {
        if filters == .label(ComposeLabel.project, project) && first(\.volumeList) { return try await volumeList.value }
        return try await base.listVolumes(filters: filters)
    }

    public func inspectImage(_ name: String) async throws -> Engine.ImageInspect {
        if let task = await speculation.value.images[name], first(\.images, name) { return try await task.value }
        return try await base.inspectImage(name)
    }

    // Not prefetched: straight to the engine.
    public func pingEngine() async throws { try await base.pingEngine() }
    public func engineVersion() async throws { try await base.engineVersion() }
    public func createContainer(name: String?, _ request: Engine.ContainerCreateRequest) async throws -> Engine.ContainerCreateResponse {
        try await base.createContainer(name: name, request)
    }
    public func startContainer(_ id: String) async throws -> Bool { try await base.startContainer(id) }
    public func stopContainer(_ id: String, timeout: Int?) async throws -> Bool { try await base.stopContainer(id, timeout: timeout) }
    public func removeContainer(_ id: String, force: Bool, volumes: Bool) async throws {
        try await base.removeContainer(id, force: force, volumes: volumes)
    }
    public func renameContainer(_ id: String, to name: String) async throws { try await base.renameContainer(id, to: name) }
    public func pauseContainer(_ id: String) async throws { try await base.pauseContainer(id) }
    public func unpauseContainer(_ id: String) async throws { try await base.unpauseContainer(id) }
    public func createNetwork(_ request: Engine.NetworkCreateRequest) async throws -> Engine.NetworkCreateResponse {
        try await base.createNetwork(request)
    }
    public func removeNetwork(_ id: String) async throws { try await base.removeNetwork(id) }
    public func connectNetwork(_ network: String, container: String, endpoint: Engine.EndpointSettings?) async throws {
        try await base.connectNetwork(network, container: container, endpoint: endpoint)
    }
    public func inspectVolume(_ name: String) async throws -> Engine.Volume { try await base.inspectVolume(name) }
    public func createVolume(_ request: Engine.VolumeCreateRequest) async throws -> Engine.Volume { try await base.createVolume(request) }
    public func removeVolume(_ name: String, force: Bool) async throws { try await base.removeVolume(name, force: force) }
    public func pull(_ reference: String) async throws { try await base.pull(reference) }
    public func registryDigest(_ reference: String) async throws -> String { try await base.registryDigest(reference) }
    public func tagImage(_ image: String, repository: String, tag: String) async throws {
        try await base.tagImage(image, repository: repository, tag: tag)
    }
    public func removeImage(_ image: String) async throws { try await base.removeImage(image) }
}
