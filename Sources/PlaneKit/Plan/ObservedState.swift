import DockerEngine

/// What the engine has for a project, read without writing anything: its containers (by the
/// project label), the networks and volumes the desired state names (and those carrying the
/// label), and the images it needs.
public struct ObservedState: Sendable {
    public var containers: [ObservedContainer]
    /// By engine name.
    public var networks: [String: ObservedResource]
    /// By engine name.
    public var volumes: [String: ObservedResource]
    /// Image reference -> image ID; a reference the engine does not have maps to nil.
    public var images: [String: String?]
    /// Containers that hold a looked-up container name (`containerNames`) without this project's
    /// label, by name: made by hand (`docker run --name`) or by another project.
    public var foreign: [String: ObservedContainer] = [:]

    public init(
        containers: [ObservedContainer] = [], networks: [String: ObservedResource] = [:],
        volumes: [String: ObservedResource] = [:], images: [String: String?] = [:]
    ) {
        self.containers = containers
        self.networks = networks
        self.volumes = volumes
        self.images = images
    }

    /// Reads the project's state: every request is a GET, issued concurrently.
    ///
    /// - Parameters:
    ///   - networks, volumes: engine names to look up whether or not they carry the project label.
    ///   - images: references to inspect.
    ///   - containerNames: the services' container names; each one the project's containers do not
    ///     hold is inspected by name, so a container made outside the project under it is seen.
    public static func observe(
        _ engine: any ContainerEngine, project: String, networks: [String] = [], volumes: [String] = [], images: [String] = [],
        containerNames: [String] = []
    ) async throws -> ObservedState {
        let byProject = Engine.Filters.label(ComposeLabel.project, project)
        async let containerList = engine.listContainers(all: true, filters: byProject)
        async let networkList = engine.listNetworks(filters: [:])
        async let labelledVolumes = engine.listVolumes(filters: byProject)
        async let namedVolumes = Self.inspectVolumes(engine, volumes)
        async let imageIDs = Self.inspectImages(engine, images)

        var state = ObservedState()
        state.containers = try await containerList.map(ObservedContainer.init)
        let wanted = Set(networks)
        for network in try await networkList where wanted.contains(network.name) || network.labels?[ComposeLabel.project] == project {
            state.networks[network.name] = ObservedResource(name: network.name, id: network.id, labels: network.labels ?? [:])
        }
        for volume in try await labelledVolumes + namedVolumes {
            state.volumes[volume.name] = ObservedResource(name: volume.name, labels: volume.labels ?? [:])
        }
        state.images = try await imageIDs
        let held = Set(state.containers.map(\.name))
        state.foreign = try await Self.inspectByName(engine, containerNames.filter { !held.contains($0) })
        return state
    }

    /// Containers found under names the project's label list did not show (a 404 is no container).
    static func inspectByName(_ engine: any ContainerEngine, _ names: [String]) async throws -> [String: ObservedContainer] {
        try await withThrowingTaskGroup(of: ObservedContainer?.self) { group in
            for name in Set(names) {
                group.addTask {
                    let inspect: Engine.ContainerInspect
                    do { inspect = try await engine.inspectContainer(name) } catch let error as EngineError where error.isNotFound { return nil }
                    let labels = inspect.config?.labels ?? [:]
                    return ObservedContainer(
                        id: inspect.id, name: name, service: labels[ComposeLabel.service] ?? "", state: inspect.state?.status ?? "unknown",
                        exitCode: inspect.state?.exitCode, imageID: inspect.image, labels: labels)
                }
            }
            var found: [String: ObservedContainer] = [:]
            for try await container in group { if let container { found[container.name] = container } }
            return found
        }
    }

    static func inspectVolumes(_ engine: any ContainerEngine, _ names: [String]) async throws -> [Engine.Volume] {
        try await withThrowingTaskGroup(of: Engine.Volume?.self) { group in
            for name in Set(names) {
                group.addTask {
                    do { return try await engine.inspectVolume(name) } catch let error as EngineError where error.isNotFound { return nil }
                }
            }
            var found: [Engine.Volume] = []
            for try await volume in group { if let volume { found.append(volume) } }
            return found
        }
    }

    static func inspectImages(_ engine: any ContainerEngine, _ references: [String]) async throws -> [String: String?] {
        try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for reference in Set(references) {
                group.addTask {
                    do { return (reference, try await engine.inspectImage(reference).id) } catch let error as EngineError where error.isNotFound { return (reference, nil) }
                }
            }
            var result: [String: String?] = [:]
            for try await (reference, id) in group { result[reference] = .some(id) }
            return result
        }
    }

    /// Containers of one service (not one-off), canonical first.
    public func containers(of service: String) -> [ObservedContainer] {
        containers.filter { $0.service == service && !$0.oneoff }
    }
}
