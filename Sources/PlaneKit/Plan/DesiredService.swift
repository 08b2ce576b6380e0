import DockerEngine

/// One container of a selected service as it should be (a service with `scale: N` is N of them,
/// `replica` 1...N, all with the same `name`): the create body (every label but the image
/// ID, which is known once the image is), the networks it joins after create, and the hashes and
/// input digests the reconciler compares with what runs.
public struct DesiredService: Sendable {
    public var name: String
    public var containerName: String
    public var image: String
    /// Its stage in the profile order (see `ServiceSelection`).
    public var stage: Int
    public var dependencies: [ServiceDependency]
    /// By priority; the first is given at create.
    public var networks: [ServiceNetwork]
    /// Engine names of the named volumes it mounts.
    public var volumes: [String]
    /// plane's own frozen definition hash (`ConfigHash`): part of `dev.plane.config-hash`, and what
    /// plane wrote as `com.docker.compose.config-hash` before it wrote compose's own.
    public var definitionHash: String
    /// compose's own hash as its `up` stamps it (`com.docker.compose.config-hash`), for a service
    /// that names no other service's container.
    public var composeHash: String
    /// For a service that does (`network_mode: service:X`, `volumes_from: [X]`...): compose's hash
    /// needs X's container ID, so the label is made when the container is created and compared
    /// with X's current container.
    public var composeHashTemplate: ComposeHashTemplate?
    public var inputs: ServiceInputs
    /// `dev.plane.config-hash`.
    public var planeHash: String
    public var hasHealthcheck: Bool
    /// `restart:` (`no` when unset).
    public var restartPolicy: String
    /// `stop_grace_period` in seconds, when set.
    public var stopTimeout: Int?
    public var createRequest: Engine.ContainerCreateRequest
    public var attachments: [ContainerCreateMapping.Attachment]
    /// Why it is selected when it was not asked for ("media depends on it").
    public var neededBecause: String?
    /// Where the service is declared, for messages.
    public var location: SourceLocation?
    /// Services whose container the create body names (`links`, `volumes_from`,
    /// `network_mode`/`ipc`/`pid: service:`): their containers must exist before this create.
    public var createdAfter: [String] = []
    /// Which of the service's containers this is (`com.docker.compose.container-number`), and how
    /// many the service runs (`scale`/`deploy.replicas`).
    public var replica: Int = 1
    public var replicas: Int = 1
    /// `deploy.update_config.order: start-first`: a replacement starts the new container beside the
    /// old one and stops the old one only once the new one is proven (stop-first otherwise, compose's way).
    public var startFirst = false
    /// Why two containers of this service cannot run at once (published host ports, `network_mode:
    /// host`): a start-first replacement falls back to stop-first, and a plan note says why.
    public var cannotRunTwice: String?

    /// The file builds its image or forbids pulling it (`build:`, `pull_policy: build | never`): no
    /// registry has it to look up, so `plane upgrade` leaves it alone rather than failing on it.
    public var locallyBuilt = false

    /// A start-first replacement applies: asked for, and two copies can coexist.
    public var replacesStartFirst: Bool { startFirst && cannotRunTwice == nil }

    /// Why two copies of a container made from `request` cannot coexist, or nil.
    static func coexistenceProblem(_ request: Engine.ContainerCreateRequest) -> String? {
        if request.hostConfig?.networkMode == "host" { return "network_mode: host (both copies would bind the same host ports)" }
        if let mode = request.hostConfig?.networkMode, mode.hasPrefix("container:") {
            return "network_mode: \(mode) (both copies would share one network namespace and bind the same ports)"
        }
        let published = (request.hostConfig?.portBindings ?? [:]).flatMap { port, bindings in
            bindings.compactMap { binding in (binding.hostPort ?? "").isEmpty ? nil : "\(binding.hostPort!):\(port)" }
        }.sorted()
        if !published.isEmpty { return "it publishes host port \(published.joined(separator: ", ")) (both copies cannot bind it)" }
        return nil
    }
}
