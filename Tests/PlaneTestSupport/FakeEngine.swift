import DockerEngine
import Foundation
import PlaneKit

/// An in-memory Docker engine for unit tests of the deploy core: containers, images, networks and
/// volumes in memory; every call recorded; a call can be made to fail, the engine can "die" after
/// its k-th write (every later call fails, as when plane is killed), and a container can be told
/// to fail to start, exit, crash-loop or turn unhealthy once started. It checks, on every start,
/// that no other container of the same service is running (`violations`).
public actor FakeEngine: ContainerEngine {
    public enum Behavior: Sendable, Equatable {
        /// Starts and runs (healthy at once when it has a healthcheck).
        case runs
        /// The start call fails (a command that does not exist).
        case failsToStart
        /// Starts, then exits with this code.
        case exits(Int)
        /// Starts, then exits and is restarted over and over.
        case crashLoops
        /// Starts, then its healthcheck fails.
        case turnsUnhealthy
    }

    public struct Container: Sendable {
        public var id: String
        public var name: String
        public var image: String
        public var imageID: String
        public var config: Engine.ContainerConfig
        public var hostConfig: Engine.HostConfig?
        public var networks: [String]
        public var state: String = "created"
        public var exitCode: Int = 0
        public var restartCount: Int = 0
        public var behavior: Behavior = .runs
        public var labels: [String: String] { config.labels ?? [:] }
        public var service: String? { labels[ComposeLabel.service] }
        public var hasHealthcheck: Bool { config.healthcheck?.test.map { !$0.isEmpty && $0 != ["NONE"] } ?? false }
    }

    /// What an engine that is gone throws.
    public struct Died: Error, CustomStringConvertible {
        public var description: String { "the fake engine is gone (simulated kill)" }
    }

    public nonisolated let features: EngineFeatures
    public private(set) var containers: [Container] = []
    public var images: [String: String] = [:]
    /// What the registry holds: reference (`repo:tag`) -> the digest and the image ID a pull gets.
    public var registry: [String: (digest: String, imageID: String)] = [:]
    /// `repo@sha256:...` per image ID, as `RepoDigests` shows them.
    public var repoDigests: [String: [String]] = [:]
    /// Every image ID on the engine, tagged or not (a moved tag leaves the old image, as dockerd does).
    public private(set) var present: Set<String> = []
    public private(set) var networks: [String: [String: String]] = [:]
    public private(set) var volumes: [String: [String: String]] = [:]
    public private(set) var calls: [(call: EngineCall, target: String)] = []
    /// The name each container was created with, by ID, kept after its removal: calls name their target by ID.
    public private(set) var createdNames: [String: String] = [:]
    /// "service X: a and b running at once", found on a start.
    public private(set) var violations: [String] = []
    /// Services allowed two running containers at once (start-first replacements); each such start
    /// is listed in `overlaps` instead of `violations`.
    public var coexisting: Set<String> = []
    public private(set) var overlaps: [String] = []
    public func setCoexisting(_ services: Set<String>) { coexisting = services }
    /// Decides how a container behaves once started, from its name and create request.
    public var behavior: @Sendable (String, Engine.ContainerCreateRequest) -> Behavior = { _, _ in .runs }
    /// Fail the call with this 1-based index (all calls counted) with a daemon error.
    public var failCall: Int?
    /// After this many writes, every call throws `Died` until `revive()`.
    public var dieAfterWrites: Int?
    /// Set when the engine dies (shared with a `MemoryHistory`).
    public nonisolated let killSwitch: KillSwitch
    /// Fails matching calls with a daemon error (e.g. the restore's start of one container).
    public var failWhen: (@Sendable (EngineCall, String) -> Bool)?
    /// dockerd 20.10's lag in releasing a removed container's endpoint: each of its networks refuses
    /// this many more removals ("has active endpoints") after the container is gone (counted from
    /// the last such removal).
    public var endpointLag = 0
    public func setEndpointLag(_ count: Int) { endpointLag = count }
    private var lingering: [String: Int] = [:]
    private var writes = 0
    private var nextID = 1

    public init(apiVersion: APIVersion = APIVersion(1, 41), images: [String: String] = [:], killSwitch: KillSwitch = KillSwitch()) {
        features = EngineFeatures(apiVersion: apiVersion)
        self.killSwitch = killSwitch
        self.images = images
    }

    public func setBehavior(_ body: @escaping @Sendable (String, Engine.ContainerCreateRequest) -> Behavior) { behavior = body }
    public func setDieAfterWrites(_ count: Int?) { dieAfterWrites = count; writes = 0 }
    public func setFailCall(_ index: Int?) { failCall = index }
    public func revive() { dieAfterWrites = nil; writes = 0; killSwitch.reset() }
    /// Moves `reference` in the fake registry to new content.
    public func publish(_ reference: String, digest: String, imageID: String) { registry[reference] = (digest, imageID) }
    public func setImage(_ reference: String, id: String, repoDigest: String? = nil) {
        images[reference] = id
        present.insert(id)
        if let repoDigest, !(repoDigests[id] ?? []).contains(repoDigest) { repoDigests[id, default: []].append(repoDigest) }
    }
    public func setFailWhen(_ body: (@Sendable (EngineCall, String) -> Bool)?) { failWhen = body }
    public var writeCount: Int { calls.filter { $0.call.isWrite }.count }

    public func container(named name: String) -> Container? { containers.first { $0.name == name } }

    // MARK: Bookkeeping

    private func enter(_ call: EngineCall, _ target: String) throws {
        if let limit = dieAfterWrites, writes >= limit {
            killSwitch.kill()
            throw Died()
        }
        calls.append((call, target))
        if let failWhen, failWhen(call, target) {
            throw EngineError(.daemon(status: 500), "fake failure of \(call.rawValue) \(target)")
        }
        if call.isWrite { writes += 1 }
        if let failCall, calls.count == failCall {
            throw EngineError(.daemon(status: 500), "fake failure of call \(failCall) (\(call.rawValue) \(target))")
        }
    }

    private func notFound(_ what: String) -> EngineError {
        EngineError(.daemon(status: 404), "No such object: \(what)")
    }

    private func index(_ reference: String) -> Int? {
        containers.firstIndex { $0.id == reference || $0.name == reference }
            ?? containers.firstIndex { $0.id.hasPrefix(reference) && reference.count >= 6 }
    }

    private static func decode<T: Decodable>(_ object: Any) -> T {
        let data = try! JSONSerialization.data(withJSONObject: object)
        return try! JSONDecoder().decode(T.self, from: data)
    }

    private static func json<T: Encodable>(_ value: T?) -> Any {
        guard let value, let data = try? JSONEncoder().encode(value) else { return NSNull() }
        return (try? JSONSerialization.jsonObject(with: data)) ?? NSNull()
    }

    /// What a container shows after it was started, per its behaviour.
    private func settle(_ i: Int) {
        guard containers[i].state == "running" else { return }
        switch containers[i].behavior {
        case .runs, .turnsUnhealthy, .failsToStart: break
        case .exits(let code):
            containers[i].state = "exited"
            containers[i].exitCode = code
        case .crashLoops:
            containers[i].restartCount += 1
            containers[i].state = "restarting"
            containers[i].exitCode = 1
        }
    }

    /// Named volumes a container mounts: `Mounts` of type volume and `Binds` whose source is a name.
    static func volumeNames(_ host: Engine.HostConfig?) -> [String] {
        let mounts = (host?.mounts ?? []).filter { $0.type == "volume" }.compactMap(\.source)
        let binds = (host?.binds ?? []).compactMap { bind -> String? in
            let source = bind.split(separator: ":").first.map(String.init) ?? ""
            return source.hasPrefix("/") || source.isEmpty ? nil : source
        }
        return mounts + binds
    }

    private func health(_ c: Container) -> [String: Any]? {
        guard c.hasHealthcheck, c.state == "running" || c.state == "restarting" else { return nil }
        if c.behavior == .turnsUnhealthy {
            return ["Status": "unhealthy", "FailingStreak": 3, "Log": [["ExitCode": 1], ["ExitCode": 1], ["ExitCode": 1]]]
        }
        return ["Status": "healthy", "FailingStreak": 0, "Log": [["ExitCode": 0]]]
    }

    // MARK: ContainerEngine

    public func pingEngine() async throws { try enter(.ping, "") }
    public func engineVersion() async throws { try enter(.version, "") }

    public func listContainers(all: Bool, filters: Engine.Filters) async throws -> [Engine.ContainerSummary] {
        try enter(.listContainers, "")
        for i in containers.indices { settle(i) }
        let wanted = filters.values["label"] ?? []
        return containers.filter { c in
            (all || c.state == "running") && wanted.allSatisfy { filter in
                let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
                return parts.count == 2 ? c.labels[parts[0]] == parts[1] : c.labels[parts[0]] != nil
            }
        }.map { c in
            var status = c.state == "running" ? "Up 1 second" : c.state == "exited" ? "Exited (\(c.exitCode)) 1 second ago" : c.state == "restarting" ? "Restarting (1) 1 second ago" : "Created"
            if let health = health(c), c.state == "running" { status += " (\(health["Status"] as! String))" }
            let object: [String: Any] = [
                "Id": c.id, "Names": ["/" + c.name], "Image": c.image, "ImageID": c.imageID, "State": c.state, "Status": status,
                "Labels": c.labels, "NetworkSettings": ["Networks": Dictionary(uniqueKeysWithValues: c.networks.map { ($0, [String: Any]()) })],
                "Mounts": Self.volumeNames(c.hostConfig).map { ["Type": "volume", "Name": $0] },
            ]
            return Self.decode(object)
        }
    }

    public func inspectContainer(_ id: String) async throws -> Engine.ContainerInspect {
        try enter(.inspectContainer, id)
        guard let i = index(id) else { throw notFound(id) }
        settle(i)
        let c = containers[i]
        var state: [String: Any] = ["Status": c.state, "Running": c.state == "running" || c.state == "paused", "Paused": c.state == "paused",
                                    "Restarting": c.state == "restarting", "ExitCode": c.exitCode]
        if let health = health(c) { state["Health"] = health }
        return Self.decode([
            "Id": c.id, "Name": "/" + c.name, "Image": c.imageID, "RestartCount": c.restartCount, "State": state,
            "Config": Self.json(c.config), "HostConfig": Self.json(c.hostConfig),
        ] as [String: Any])
    }

    public func createContainer(name: String?, _ request: Engine.ContainerCreateRequest) async throws -> Engine.ContainerCreateResponse {
        try enter(.createContainer, name ?? "")
        let name = name ?? "fake-\(nextID)"
        if index(name) != nil { throw EngineError(.daemon(status: 409), "Conflict. The container name \"/\(name)\" is already in use") }
        let image = request.config.image ?? ""
        guard let imageID = images[image] ?? (images.values.contains(image) ? image : nil) else { throw notFound("image \(image)") }
        let id = String(format: "%064x", nextID)
        nextID += 1
        var networks = Array((request.networkingConfig?.endpointsConfig ?? [:]).keys)
        if networks.isEmpty, let mode = request.hostConfig?.networkMode { networks = [mode] }
        var container = Container(id: id, name: name, image: image, imageID: imageID, config: request.config,
                                  hostConfig: request.hostConfig, networks: networks)
        container.behavior = behavior(name, request)
        containers.append(container)
        createdNames[id] = name
        return Self.decode(["Id": id, "Warnings": [String]()])
    }

    public func startContainer(_ id: String) async throws -> Bool {
        try enter(.startContainer, id)
        guard let i = index(id) else { throw notFound(id) }
        if containers[i].state == "running" { return false }
        if containers[i].behavior == .failsToStart {
            containers[i].state = "created"
            containers[i].exitCode = 127
            throw EngineError(.daemon(status: 400), "failed to create task for container: exec: \"/plane-test-no-such-binary\": no such file or directory")
        }
        let c = containers[i]
        if let service = c.service, let project = c.labels[ComposeLabel.project],
           let other = containers.first(where: { $0.id != c.id && $0.service == service && $0.labels[ComposeLabel.project] == project
                && $0.labels[ComposeLabel.oneoff] != "True" && ($0.state == "running" || $0.state == "restarting") }) {
            if coexisting.contains(service) {
                overlaps.append("service \(service): \(other.name) and \(c.name) running at once")
            } else {
                violations.append("service \(service): \(other.name) and \(c.name) running at once")
            }
        }
        containers[i].state = "running"
        return true
    }

    public func pauseContainer(_ id: String) async throws {
        try enter(.pauseContainer, id)
        guard let i = index(id) else { throw notFound(id) }
        guard containers[i].state == "running" else { throw EngineError(.daemon(status: 409), "Container \(id) is not running") }
        containers[i].state = "paused"
    }

    public func unpauseContainer(_ id: String) async throws {
        try enter(.unpauseContainer, id)
        guard let i = index(id) else { throw notFound(id) }
        guard containers[i].state == "paused" else { throw EngineError(.daemon(status: 409), "Container \(id) is not paused") }
        containers[i].state = "running"
    }

    public func stopContainer(_ id: String, timeout: Int?) async throws -> Bool {
        try enter(.stopContainer, id)
        guard let i = index(id) else { throw notFound(id) }
        guard containers[i].state == "running" || containers[i].state == "restarting" || containers[i].state == "paused" else { return false }
        containers[i].state = "exited"
        containers[i].exitCode = 137
        return true
    }

    public func removeContainer(_ id: String, force: Bool, volumes: Bool) async throws {
        try enter(.removeContainer, id)
        guard let i = index(id) else { throw notFound(id) }
        if !force && (containers[i].state == "running" || containers[i].state == "restarting" || containers[i].state == "paused") {
            throw EngineError(.daemon(status: 409), "cannot remove a running container \(containers[i].name): stop it first or use force")
        }
        if endpointLag > 0 { for network in containers[i].networks { lingering[network] = endpointLag } }
        containers.remove(at: i)
    }

    public func renameContainer(_ id: String, to name: String) async throws {
        try enter(.renameContainer, id)
        guard let i = index(id) else { throw notFound(id) }
        if let other = index(name), other != i { throw EngineError(.daemon(status: 409), "Conflict. The name \"/\(name)\" is already in use") }
        containers[i].name = name
    }

    public func listNetworks(filters: Engine.Filters) async throws -> [Engine.Network] {
        try enter(.listNetworks, "")
        return networks.sorted { $0.key < $1.key }.map { Self.decode(["Name": $0.key, "Id": "net-" + $0.key, "Labels": $0.value]) }
    }

    public func createNetwork(_ request: Engine.NetworkCreateRequest) async throws -> Engine.NetworkCreateResponse {
        try enter(.createNetwork, request.name)
        if request.name.isEmpty { throw EngineError(.daemon(status: 400), "network name is empty") }
        networks[request.name] = request.labels ?? [:]
        return Self.decode(["Id": "net-" + request.name])
    }

    public func removeNetwork(_ id: String) async throws {
        try enter(.removeNetwork, id)
        guard networks[id] != nil else { throw notFound(id) }
        let attached = containers.filter { $0.networks.contains(id) }.count + (lingering[id] ?? 0)
        if attached > 0 {
            if let left = lingering[id], left > 0 { lingering[id] = left - 1 }
            throw EngineError(.daemon(status: 403), "error while removing network: network \(id) id net-\(id) has active endpoints")
        }
        networks.removeValue(forKey: id)
    }

    public func connectNetwork(_ network: String, container: String, endpoint: Engine.EndpointSettings?) async throws {
        try enter(.connectNetwork, container)
        guard networks[network] != nil else { throw notFound(network) }
        guard let i = index(container) else { throw notFound(container) }
        containers[i].networks.append(network)
    }

    public func listVolumes(filters: Engine.Filters) async throws -> [Engine.Volume] {
        try enter(.listVolumes, "")
        return volumes.sorted { $0.key < $1.key }.map { Self.decode(["Name": $0.key, "Labels": $0.value]) }
    }

    public func inspectVolume(_ name: String) async throws -> Engine.Volume {
        try enter(.inspectVolume, name)
        guard let labels = volumes[name] else { throw notFound(name) }
        return Self.decode(["Name": name, "Labels": labels])
    }

    public func createVolume(_ request: Engine.VolumeCreateRequest) async throws -> Engine.Volume {
        try enter(.createVolume, request.name)
        if request.name.contains(" ") { throw EngineError(.daemon(status: 400), "invalid volume name") }
        volumes[request.name] = request.labels ?? [:]
        return Self.decode(["Name": request.name, "Labels": request.labels ?? [:]])
    }

    public func removeVolume(_ name: String, force: Bool) async throws {
        try enter(.removeVolume, name)
        guard volumes.removeValue(forKey: name) != nil else { throw notFound(name) }
    }

    public func inspectImage(_ name: String) async throws -> Engine.ImageInspect {
        try enter(.inspectImage, name)
        guard let id = images[name] ?? (present.contains(name) || images.values.contains(name) ? name : nil)
        else { throw notFound(name) }
        let tags = images.filter { $0.value == id && !$0.key.hasPrefix("sha256:") }.keys.sorted()
        return Self.decode(["Id": id, "RepoTags": tags, "RepoDigests": repoDigests[id] ?? []] as [String: Any])
    }

    public func pull(_ reference: String) async throws {
        try enter(.pullImage, reference)
        guard !reference.contains(" ") else { throw EngineError(.daemon(status: 400), "invalid reference format") }
        if let published = registry[reference] {
            images[reference] = published.imageID
            present.insert(published.imageID)
            let repository = Engine.ImageReference(parsing: reference).repository
            let digest = "\(repository)@\(published.digest)"
            if !(repoDigests[published.imageID] ?? []).contains(digest) { repoDigests[published.imageID, default: []].append(digest) }
            return
        }
        images[reference] = images[reference] ?? "sha256:pulled-" + reference
    }

    public func registryDigest(_ reference: String) async throws -> String {
        try enter(.distributionInspect, reference)
        guard let published = registry[reference] else { throw notFound("manifest \(reference)") }
        return published.digest
    }

    public func tagImage(_ image: String, repository: String, tag: String) async throws {
        try enter(.tagImage, "\(image) as \(repository):\(tag)")
        let id = images[image] ?? image
        guard images.values.contains(id) || present.contains(id) else { throw notFound(image) }
        images["\(repository):\(tag)"] = id
    }

    public func removeImage(_ image: String) async throws {
        try enter(.removeImage, image)
        let id = images[image] ?? image
        if containers.contains(where: { $0.imageID == id }) {
            throw EngineError(.daemon(status: 409), "conflict: unable to delete \(image): image is being used by a container")
        }
        images = images.filter { $0.value != id }
        repoDigests[id] = nil
        present.remove(id)
    }
}
