import DockerEngine

/// The one Engine call an operation makes, with everything the call needs.
public enum OperationAction: Sendable {
    /// `POST /images/create`
    case pullImage(String)
    /// `POST /networks/create`
    case createNetwork(Engine.NetworkCreateRequest)
    /// `POST /volumes/create`
    case createVolume(Engine.VolumeCreateRequest)
    /// `POST /containers/create`. Without a `com.docker.compose.image` label (the image is pulled
    /// by the same plan) the executor reads the image ID first.
    case createContainer(name: String, image: String, request: Engine.ContainerCreateRequest)
    /// `POST /networks/{id}/connect`
    case connectNetwork(network: String, container: ContainerRef, endpoint: Engine.EndpointSettings)
    /// `POST /containers/{id}/rename`
    case renameContainer(ContainerRef, to: String)
    /// `POST /containers/{id}/start`
    case startContainer(ContainerRef)
    /// `POST /containers/{id}/stop`
    case stopContainer(ContainerRef, timeout: Int?)
    /// `DELETE /containers/{id}`
    case removeContainer(ContainerRef, removeVolumes: Bool)
    /// `DELETE /networks/{id}`
    case removeNetwork(String)
    /// `DELETE /volumes/{name}`
    case removeVolume(String)
    /// No write: inspects the gate's container until its condition holds (`--wait`).
    case await(Gate)

    /// "create container vm300-radarr-1", as plan lines begin.
    public var summary: String {
        switch self {
        case .pullImage(let image): "pull image \(image)"
        case .createNetwork(let request): "create network \(request.name)"
        case .createVolume(let request): "create volume \(request.name)"
        case .createContainer(let name, _, _): "create container \(name)"
        case .connectNetwork(let network, let container, _): "connect \(container.name) to network \(network)"
        case .renameContainer(let container, let to): "rename \(container.name) to \(to)"
        case .startContainer(let container): "start \(container.name)"
        case .stopContainer(let container, _): "stop \(container.name)"
        case .removeContainer(let container, _): "remove container \(container.name)"
        case .removeNetwork(let name): "remove network \(name)"
        case .removeVolume(let name): "remove volume \(name)"
        case .await(let gate): "wait until \(gate.text)"
        }
    }

    /// The verb, for machine-readable events.
    public var verb: String {
        switch self {
        case .pullImage: "pull"
        case .createNetwork, .createVolume, .createContainer: "create"
        case .connectNetwork: "connect"
        case .renameContainer: "rename"
        case .startContainer: "start"
        case .stopContainer: "stop"
        case .removeContainer, .removeNetwork, .removeVolume: "remove"
        case .await: "wait"
        }
    }

    /// Whether the call changes the engine (everything but `await`).
    public var isWrite: Bool {
        if case .await = self { return false }
        return true
    }
}
