/// Why a container no longer matches its service (one of the causes of a recreate).
public enum ContainerChange: Sendable, Equatable {
    case noDefinitionHash
    case definitionChanged
    case notCreatedByPlane
    case labelKeyChanged
    /// An env file, secret or config file was added, removed or changed (by name, never by value).
    case input(kind: ServiceInputs.Kind, name: String, change: InputChange)
    /// The inputs' combined digest differs and no single input explains it.
    case inputsChanged
    case imageChanged(image: String, from: String, to: String)
    case networkMissing(String)
    case volumeMissing(String)
    /// A field `docker update` can change (restart policy, memory, CPUs...) differs on the engine from
    /// what the files say: an edit made behind the files' back (found by `plane drift`'s inspect, never
    /// by labels). Values are settings (`no`, `512m`), never an environment or secret value.
    case liveEdited(field: String, engine: String, files: String)
    /// `plane up --force-recreate`: nothing differs, the operator asked for a new container.
    case forced
    /// It shares the container of a service this run replaces (`network_mode`/`ipc`/`pid: service:`,
    /// `volumes_from`): kept, it would be left in the old container's namespace, and compose's label
    /// names the old container's ID.
    case sharedContainerReplaced(String)
    /// Its compose label names another container of a service it shares than that service's current one.
    case sharedContainerChanged([String])

    public enum InputChange: String, Sendable, Equatable { case added, removed, changed }

    /// A stable code for machines (history, JSON).
    public var code: String {
        switch self {
        case .noDefinitionHash: "no-definition-hash"
        case .definitionChanged: "definition-changed"
        case .notCreatedByPlane: "not-created-by-plane"
        case .labelKeyChanged: "label-key-changed"
        case .input(let kind, _, _): "\(kind.code)-changed"
        case .inputsChanged: "inputs-changed"
        case .imageChanged: "image-changed"
        case .networkMissing: "network-missing"
        case .volumeMissing: "volume-missing"
        case .liveEdited: "live-edited"
        case .forced: "force-recreate"
        case .sharedContainerReplaced: "shared-container-replaced"
        case .sharedContainerChanged: "shared-container-changed"
        }
    }

    public var text: String {
        switch self {
        case .noDefinitionHash: "it has no definition hash label"
        case .definitionChanged: "its definition changed"
        case .notCreatedByPlane: "it was not created by plane, so its env files and secrets are unverified"
        case .labelKeyChanged: "plane's label key changed"
        case .input(let kind, let name, let change): "\(kind.noun) \(name) \(change.rawValue)"
        case .inputsChanged: "its inputs changed"
        case .imageChanged(let image, let from, let to): "image \(image) changed (\(from) -> \(to))"
        case .networkMissing(let network): "it is not attached to network \(network)"
        case .volumeMissing(let volume): "volume \(volume) is not mounted"
        case .liveEdited(let field, let engine, let files): "\(field) was changed on the engine (\(engine); the files say \(files))"
        case .forced: "--force-recreate"
        case .sharedContainerReplaced(let service): "it shares the container of \(service) (network_mode, ipc, pid or volumes_from), which is replaced"
        case .sharedContainerChanged(let services):
            "its compose label names another container of \(services.joined(separator: ", ")) than the one it shares now"
        }
    }
}

/// Why a plan step is made: a value with a stable `code` (history, JSON) and the sentence the plan
/// prints (`text`, rendered here only).
public enum StepCause: Sendable, Equatable {
    /// `--pull always`
    case pullAlways
    /// The image is not on the engine.
    case imageMissing
    /// A network or volume the project needs does not exist.
    case resourceMissing
    /// The container differs from its service.
    case recreate(service: String, changes: [ContainerChange])
    /// The service has no container (`neededBy`: "media depends on it" when a dependency brought it in).
    case noContainer(service: String, neededBy: String?)
    /// A new container joins a network after create (API 1.41 creates on one network).
    case joinsNetwork(service: String)
    /// A replacement's old container is stopped for its new one.
    case takeOver(container: String)
    /// Start of a container the run created.
    case newContainer
    /// Start of a replacement.
    case replacesOld
    /// Start of a start-first replacement (`deploy.update_config.order: start-first`): the old
    /// container keeps running beside it until the new one is proven.
    case startsBeside(old: String)
    /// A start-first replacement's old container, stopped once the new one is proven.
    case provenTakeOver(container: String)
    /// The old container of a replacement, removed once the new one is proven.
    case replacedBy(container: String)
    /// A container up to date but not running.
    case stopped(state: String)
    /// A container created and never started.
    case neverStarted
    /// A second container of a one-container service.
    case extraContainer(service: String, container: String, wanted: Int)
    /// A container without any compose project label holds the service's container name (made by
    /// `docker run --name`): removed only when the caller allows it (`plane drift --fix`).
    case foreignContainer(service: String, container: String)
    /// An interrupted run left an up-to-date container aside: it is put back.
    case interruptedRun(InterruptedRun)
    /// compose's `restart: true`: a dependent stopped and started around its dependency's replacement.
    case dependentRestart(service: String, dependency: String)
    /// `--wait`
    case wait
    /// A container of a service the project no longer defines (`removing`: `--remove-orphans`).
    case orphan(container: String, service: String)
    /// Any other reason, as a sentence.
    case described(String)

    /// What an interrupted run left, and what this run does about it.
    public enum InterruptedRun: Sendable, Equatable {
        /// The matching container is aside and the service has none: renamed back.
        case restoreAside
        /// Started after being renamed back (its state before).
        case restoredStart(state: String)
        /// A container aside that no longer matches while the service has no container.
        case leftoverMismatch(service: String)
        /// A container aside while the service's container is up to date.
        case leftoverUpToDate(container: String)
        /// An older container aside while the service is being replaced again.
        case olderReplaced(service: String)
        /// A container aside whose replacement is resumed (stop it before the new one starts).
        case resumeReplacement(container: String)
        /// A new container that was never proven, removed before the old one comes back.
        case unprovenReplacement(service: String)
    }

    public var code: String {
        switch self {
        case .pullAlways: "pull-always"
        case .imageMissing: "image-missing"
        case .resourceMissing: "resource-missing"
        case .recreate(_, let changes): changes.first?.code ?? "recreate"
        case .noContainer(_, let neededBy): neededBy == nil ? "no-container" : "needed-by-dependent"
        case .joinsNetwork: "joins-network"
        case .takeOver: "take-over"
        case .newContainer: "new-container"
        case .replacesOld: "replaces-old"
        case .startsBeside: "starts-beside-old"
        case .provenTakeOver: "proven-take-over"
        case .replacedBy: "replaced"
        case .stopped: "stopped"
        case .neverStarted: "never-started"
        case .extraContainer: "extra-container"
        case .foreignContainer: "foreign-container"
        case .interruptedRun: "interrupted-run"
        case .dependentRestart: "dependent-restart"
        case .wait: "wait"
        case .orphan: "orphan"
        case .described: "described"
        }
    }

    /// The sentence the plan prints after the step's summary.
    public var text: String {
        switch self {
        case .pullAlways: "--pull always"
        case .imageMissing: "not on the engine"
        case .resourceMissing: "it does not exist"
        case .recreate(let service, let changes): "recreate \(service): " + changes.map(\.text).joined(separator: ", ")
        case .noContainer(let service, let neededBy):
            "no container for \(service)" + (neededBy.map { " (brought up because \($0))" } ?? "")
        case .joinsNetwork(let service): "\(service) joins it too (API 1.41 creates a container on one network)"
        case .takeOver(let container): "the new \(container) takes over"
        case .newContainer: "new container"
        case .replacesOld: "replaces the old container"
        case .startsBeside(let old): "start-first: starts beside \(old), which keeps serving"
        case .provenTakeOver(let container): "start-first: the new \(container) is proven and takes over"
        case .replacedBy(let container): "replaced by the new \(container)"
        case .stopped(let state): "it is \(state)"
        case .neverStarted: "created but never started"
        case .extraContainer(let service, let container, let wanted):
            wanted == 0 ? "\(service) has scale 0; \(container) goes"
                : "\(service) runs \(wanted == 1 ? "one container" : "\(wanted) containers"); \(container) is extra"
        case .foreignContainer(let service, let container): "\(container) was made outside plane and compose (no project label) under \(service)'s container name"
        case .interruptedRun(let what):
            switch what {
            case .restoreAside: "an interrupted replacement left the matching container aside; restore it"
            case .restoredStart(let state): "restored, \(state)"
            case .leftoverMismatch(let service): "left by an interrupted replacement of \(service), and it does not match the project"
            case .leftoverUpToDate(let container): "left by an interrupted replacement; \(container) is up to date"
            case .olderReplaced(let service): "an older replaced container of \(service) is still there"
            case .resumeReplacement(let container): "an interrupted replacement left it aside; the new \(container) takes over"
            case .unprovenReplacement(let service): "an interrupted replacement of \(service) left this container, and it does not match the project"
            }
        case .dependentRestart(let service, let dependency):
            "\(service) depends on \(dependency) with restart: true, and \(dependency) is recreated"
        case .wait: "--wait"
        case .orphan(let container, let service):
            "orphan: \(container) belongs to service \(service), which the project no longer defines (--remove-orphans)"
        case .described(let text): text
        }
    }
}

extension ServiceInputs.Kind {
    var code: String {
        switch self {
        case .envFile: "env-file"
        case .secret: "secret"
        case .config: "config"
        }
    }
}
