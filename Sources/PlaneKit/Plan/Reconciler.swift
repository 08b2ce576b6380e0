import DockerEngine

/// Desired state + observed state -> a `Plan`. Every decision of `plane up` is made here, each
/// operation carrying its cause; the executor only runs what it is given.
///
/// Per service: no container -> create, connect, start; a matching container -> nothing (or start
/// when it is stopped); a differing one -> replace: rename the old container aside
/// (`<name>_plane-old`), create the new one under the name, stop the old one, start the new one,
/// and remove the old one only once the new one is proven (running and healthy, or running for the
/// proof window without a healthcheck, never restarting). With `deploy.update_config.order:
/// start-first` (and no published host port) the new one starts beside the old one, and the old one
/// is stopped only once the new one is proven.
/// What an interrupted run left behind is recognised by name and labels, from the engine alone: an
/// up-to-date `_plane-old` container whose service has no container is renamed back; an out-of-date
/// one is the old container of a replacement that goes on (never removed before its replacement
/// is proven); a new container that never served beside a running `_plane-old` is removed first; an
/// up-to-date new one is started only after the old one is stopped. Never are both running, except
/// in a start-first replacement, until its new container is proven.
public struct Reconciler {
    let desired: DesiredState
    let observed: ObservedState
    let options: ReconcileOptions

    private var operations: [PlanStep] = []
    private var blockers: [String] = []
    private var notes: [String] = []
    private var upToDate: [String] = []
    private var pulls: [String: Int] = [:]
    private var networkCreates: [String: Int] = [:]
    private var volumeCreates: [String: Int] = [:]
    /// The operations after which a service's containers are started (their starts, or restores),
    /// one per replica.
    private var starts: [String: [Int]] = [:]
    private var startsByStage: [Int: [Int]] = [:]
    /// Services whose container is replaced: the id of the op that stops the old container.
    private var replacements: [String: [(stopOld: Int?, startNew: Int)]] = [:]
    /// Services given a new container by this plan (created or replaced).
    private var recreated: Set<String> = []

    public static func plan(desired: DesiredState, observed: ObservedState, options: ReconcileOptions = ReconcileOptions()) -> Plan {
        var reconciler = Reconciler(desired: desired, observed: observed, options: options)
        return reconciler.run()
    }

    init(desired: DesiredState, observed: ObservedState, options: ReconcileOptions) {
        self.desired = desired
        self.observed = observed
        self.options = options
    }

    private mutating func run() -> Plan {
        planImages()
        planNetworks()
        planVolumes()
        for service in desired.services { planService(service) }
        for name in desired.scaledToZero { planScaledToZero(name) }
        noteUnselectedSharers()
        planDependentRestarts()
        if options.wait { planWaits() }
        planOrphans()
        notes += desired.warnings
        // A scaled service is up to date once, however many of its containers are.
        let services = upToDate.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var plan = Plan(project: desired.project, operations: operations, blockers: blockers, notes: notes, upToDate: services)
        for service in desired.services { if let template = service.composeHashTemplate { plan.composeHashes[service.containerName] = template } }
        return plan
    }

    @discardableResult
    private mutating func add(_ action: OperationAction, _ cause: StepCause, service: String? = nil, intent: StepIntent? = nil,
                              after: [Int] = [], gates: [Gate] = []) -> Int {
        let id = operations.count + 1
        let unique = after.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        operations.append(PlanStep(id: id, action: action, cause: cause, service: service, intent: intent, after: unique, gates: gates))
        return id
    }

    // MARK: Images, networks, volumes

    private func imageID(_ reference: String) -> String? { observed.images[reference] ?? nil }

    private mutating func planImages() {
        var seen = Set<String>()
        for service in desired.services where seen.insert(service.image).inserted {
            let present = imageID(service.image) != nil
            switch options.pull {
            case .always:
                pulls[service.image] = add(.pullImage(service.image), .pullAlways, service: service.name)
            case .missing where !present:
                pulls[service.image] = add(.pullImage(service.image), .imageMissing, service: service.name)
            case .never where !present:
                blockers.append("image \(service.image) (\(service.name)) is not on the engine, and --pull never forbids pulling it")
            default:
                break
            }
        }
    }

    private mutating func planNetworks() {
        for network in desired.networks {
            if let found = observed.networks[network.name] {
                if !network.external && !found.belongs(to: desired.project) {
                    notes.append("network \(network.name) exists but was not created for project \(desired.project): used as it is")
                }
            } else if network.external {
                blockers.append("external network \(network.name) does not exist; plane never creates external networks (create it once: docker network create \(network.name))")
            } else {
                networkCreates[network.name] = add(.createNetwork(network.request), .resourceMissing)
            }
        }
    }

    private mutating func planVolumes() {
        for volume in desired.volumes where observed.volumes[volume.name] == nil {
            if volume.external {
                blockers.append("external volume \(volume.name) does not exist; plane never creates external volumes")
            } else {
                volumeCreates[volume.name] = add(.createVolume(volume.request), .resourceMissing)
            }
        }
    }

    // MARK: Services

    private mutating func planService(_ service: DesiredService) {
        let mine = observed.containers(of: service.name)
        let replacedName = service.containerName + PlaneLabel.replacedSuffix
        let current = mine.first { $0.name == service.containerName }
        let leftover = mine.first { $0.name == replacedName }
        let imageID = imageID(service.image)
        let shared = sharedContainers(service)
        func changesOf(_ container: ObservedContainer) -> [ContainerChange] {
            ChangeDetector.changes(container, service, imageID: imageID, composeHash: shared.composeHash)
                + shared.replaced.map(ContainerChange.sharedContainerReplaced)
        }

        if service.replica == 1 {
            // Containers of the service that are none of its replicas (a scale lowered, a name
            // changed): they go, as compose removes them.
            let names = Set(desired.replicas(of: service.name).flatMap { [$0.containerName, $0.containerName + PlaneLabel.replacedSuffix] })
            for extra in mine where !names.contains(extra.name) {
                removeContainer(extra, cause: .extraContainer(service: service.name, container: extra.name, wanted: service.replicas),
                                service: service.name)
            }
        }

        guard let current else {
            if let leftover {
                let aside = ContainerRef(name: leftover.name, id: leftover.id)
                let changes = changesOf(leftover)
                if changes.isEmpty {
                    let intent = StepIntent.restore(service: service.name, old: aside, container: service.containerName)
                    let rename = add(.renameContainer(aside, to: service.containerName), .interruptedRun(.restoreAside),
                                     service: service.name, intent: intent)
                    if leftover.isRunning {
                        starts[service.name, default: []].append(rename)
                        upToDate.append(service.name)
                    } else {
                        addStart(service, ContainerRef(name: service.containerName, id: leftover.id),
                                 cause: .interruptedRun(.restoredStart(state: leftover.stateText)), intent: intent, after: [rename])
                    }
                    return
                }
                // The container set aside is the last one that ran: the replacement goes on with it
                // as the old container (already aside, so no rename), never removed before the new one is proven.
                createAndStart(service, cause: .recreate(service: service.name, changes: changes), after: [],
                               replacing: (aside, leftover.isRunning))
                return
            }
            var first: [Int] = []
            if let foreign = observed.foreign[service.containerName] {
                let cause = StepCause.foreignContainer(service: service.name, container: foreign.name)
                guard options.replaceForeign, foreign.labels[ComposeLabel.project] == nil else {
                    let owner = foreign.labels[ComposeLabel.project].map { "project \($0)" } ?? "no project (docker run?)"
                    blockers.append("container \(foreign.name) exists and belongs to \(owner), not to \(desired.project): "
                        + "remove or rename it (`plane drift --fix` removes one made by docker run)")
                    return
                }
                first = removeContainer(foreign, cause: cause, service: service.name)
            }
            createAndStart(service, cause: .noContainer(service: service.name, neededBy: service.neededBecause), after: first, replacing: nil)
            return
        }

        var changes = changesOf(current) + (options.liveChanges[service.name] ?? [])
        if changes.isEmpty && options.forceRecreate.contains(service.name) { changes = [.forced] }
        let ref = ContainerRef(name: current.name, id: current.id)
        if changes.isEmpty {
            guard let leftover else {
                if current.isRunning || current.state == "paused" {
                    upToDate.append(service.name)
                } else if current.state == "exited", current.exitCode == 0, service.restartPolicy == "no" {
                    upToDate.append(service.name)
                    notes.append("\(service.name) completed (exit 0) and is up to date: not run again")
                } else {
                    addStart(service, ref, cause: current.state == "created" ? .neverStarted : .stopped(state: current.stateText), after: [])
                }
                return
            }
            // An interrupted replacement: the new container is up to date and the old one is aside.
            // The old one is stopped before the new one starts (never both running) and removed only
            // once the new one is proven; until then it is what a failure restores.
            resumeReplacement(service, new: current, old: leftover)
            return
        }

        var first: [Int] = []
        if let leftover {
            if leftover.isUp || current.state == "created" {
                // The container aside is what last served; the one under the name never did (or
                // runs beside it): that one goes first, then the replacement goes on with the old one.
                first = removeContainer(current, cause: .interruptedRun(.unprovenReplacement(service: service.name)), service: service.name)
                let aside = ContainerRef(name: leftover.name, id: leftover.id)
                let leftoverChanges = changesOf(leftover)
                createAndStart(service, cause: .recreate(service: service.name, changes: leftoverChanges.isEmpty ? changes : leftoverChanges),
                               after: first, replacing: (aside, leftover.isUp))
                return
            }
            first = removeContainer(leftover, cause: .interruptedRun(.olderReplaced(service: service.name)), service: service.name)
        }
        let cause = StepCause.recreate(service: service.name, changes: changes)
        let old = ContainerRef(name: replacedName, id: current.id)
        let intent = StepIntent.replace(service: service.name, old: old, container: service.containerName)
        let rename = add(.renameContainer(ref, to: replacedName), cause, service: service.name, intent: intent, after: first)
        createAndStart(service, cause: cause, after: [rename], replacing: (old, current.isRunning))
    }

    /// For a service that names another service's container (`network_mode: service:X`, `volumes_from`):
    /// compose's label as its `up` would compute it now (with the IDs of those containers), and the
    /// ones among them this plan gives a new container (compose recreates the service then; kept, it
    /// would stay in the old container's namespace). The services it names are planned before it.
    private func sharedContainers(_ service: DesiredService) -> (composeHash: String?, replaced: [String]) {
        guard let template = service.composeHashTemplate else { return (nil, []) }
        var ids: [String: String] = [:]
        for (other, name) in template.containers {
            if let container = observed.containers(of: other).first(where: { $0.name == name }) { ids[other] = container.id }
        }
        return (template.hash(ids: ids), template.services.filter(recreated.contains))
    }

    /// A service this plan gives a new container, shared by a running service the plan does not
    /// select (`plane up vpn`): a note says that one must follow (it stays in the old namespace).
    private mutating func noteUnselectedSharers() {
        let selected = Set(desired.services.map(\.name))
        for container in observed.containers where container.isRunning && !container.oneoff && !selected.contains(container.service) {
            let shared = Set(desired.sharing[container.service] ?? []).intersection(recreated)
            guard !shared.isEmpty else { continue }
            notes.append("\(container.service) shares the container of \(shared.sorted().joined(separator: ", ")), which this plan replaces: "
                + "run `plane up \(container.service)` too (until then it keeps the old container's network namespace or volumes)")
        }
    }

    /// An interrupted replacement whose new container exists and is up to date: stop the old one
    /// (when running), start the new one (when not running), remove the old one once the new one is proven.
    private mutating func resumeReplacement(_ service: DesiredService, new current: ObservedContainer, old leftover: ObservedContainer) {
        let ref = ContainerRef(name: current.name, id: current.id)
        let old = ContainerRef(name: leftover.name, id: leftover.id)
        let intent = StepIntent.replace(service: service.name, old: old, container: service.containerName)
        var after: [Int] = []
        if leftover.isUp {
            let (prerequisites, gates) = startConditions(service)
            // Start-first, both running (killed between the new one's start and the old one's stop):
            // the old one keeps serving until the new one is proven, as the interrupted run would have done.
            let stopGates = current.isRunning ? (service.replacesStartFirst ? [proofGate(service)] : []) : gates
            after.append(add(.stopContainer(old, timeout: service.stopTimeout), .interruptedRun(.resumeReplacement(container: service.containerName)),
                             service: service.name, intent: intent, after: prerequisites, gates: stopGates))
            if current.isRunning && service.replacesStartFirst { operations[operations.count - 1].takeOver = service.containerName }
        }
        if current.isRunning {
            upToDate.append(service.name)
        } else {
            after = [addStart(service, ref, cause: current.state == "created" ? .neverStarted : .stopped(state: current.stateText),
                              intent: intent, after: after)]
        }
        add(.removeContainer(old, removeVolumes: false), .interruptedRun(.leftoverUpToDate(container: current.name)),
            service: service.name, intent: intent, after: after, gates: [proofGate(service)])
    }

    /// The condition under which a replaced container may go: the new one is proven (running and
    /// healthy, or running for the proof window without a healthcheck, and not restarting).
    private func proofGate(_ service: DesiredService) -> Gate {
        var gate = Gate(service: service.name, container: service.containerName, condition: service.hasHealthcheck ? .healthy : .runningOrHealthy)
        gate.proof = true
        return gate
    }

    /// create -> connect the other networks -> (stop the old one) -> start -> (remove the old one).
    private mutating func createAndStart(_ service: DesiredService, cause: StepCause, after: [Int], replacing: (ref: ContainerRef, running: Bool)?) {
        recreated.insert(service.name)
        var prerequisites = after
        if let pull = pulls[service.image] { prerequisites.append(pull) }
        for network in service.networks { if let id = networkCreates[network.name] { prerequisites.append(id) } }
        for volume in service.volumes { if let id = volumeCreates[volume] { prerequisites.append(id) } }
        // A create body that names another service's container (links, volumes_from,
        // network_mode/ipc/pid: service:) waits for that container's start in this plan, as compose
        // creates dependents after their dependencies (else: "No such container").
        for other in service.createdAfter { prerequisites += starts[other] ?? [] }
        let intent: StepIntent = replacing.map { .replace(service: service.name, old: $0.ref, container: service.containerName) }
            ?? .create(service: service.name, container: service.containerName)

        var request = service.createRequest
        if let imageID = imageID(service.image), pulls[service.image] == nil {
            request.config.labels?[ComposeLabel.image] = imageID
        }
        if let replacing { request.config.labels?[ComposeLabel.replace] = replacing.ref.id }
        let create = add(.createContainer(name: service.containerName, image: service.image, request: request), cause,
                         service: service.name, intent: intent, after: prerequisites)
        let created = ContainerRef(name: service.containerName)
        var ready = [create]
        for attachment in service.attachments {
            ready.append(add(
                .connectNetwork(network: attachment.network.name, container: created, endpoint: attachment.endpoint),
                .joinsNetwork(service: service.name), service: service.name, intent: intent, after: [create]))
        }
        if let replacing, replacing.running, service.startFirst {
            if let problem = service.cannotRunTwice {
                notes.append("\(service.name): deploy.update_config.order start-first falls back to stop-first: \(problem)")
            } else {
                startFirst(service, old: replacing.ref, created: created, intent: intent, after: ready)
                return
            }
        }
        var stopOld: Int?
        if let replacing, replacing.running {
            // The old container keeps serving until the new one could start at once: the stop waits
            // for everything the start waits for, so a failure earlier in the run leaves it running.
            let (prerequisites, gates) = startConditions(service)
            stopOld = add(.stopContainer(replacing.ref, timeout: service.stopTimeout), .takeOver(container: service.containerName),
                          service: service.name, intent: intent, after: ready + prerequisites, gates: gates)
            ready.append(stopOld!)
        }
        let start = addStart(service, created, cause: replacing == nil ? .newContainer : .replacesOld, intent: intent, after: ready)
        if let replacing {
            replacements[service.name, default: []].append((stopOld, start))
            add(.removeContainer(replacing.ref, removeVolumes: false), .replacedBy(container: service.containerName),
                service: service.name, intent: intent, after: [start], gates: [proofGate(service)])
        }
    }

    /// `deploy.update_config.order: start-first`: start -> (the new one proven) stop the old one, with
    /// its stop signal and grace period -> remove it. The old container, already aside, keeps serving
    /// beside the new one until the new one is proven; a failure before the stop leaves it running,
    /// and `Restoration` renames it back.
    private mutating func startFirst(_ service: DesiredService, old: ContainerRef, created: ContainerRef, intent: StepIntent, after ready: [Int]) {
        let start = addStart(service, created, cause: .startsBeside(old: old.name), intent: intent, after: ready)
        let stopOld = add(.stopContainer(old, timeout: service.stopTimeout), .provenTakeOver(container: service.containerName),
                          service: service.name, intent: intent, after: [start], gates: [proofGate(service)])
        operations[operations.count - 1].takeOver = service.containerName
        replacements[service.name, default: []].append((stopOld, start))
        add(.removeContainer(old, removeVolumes: false), .replacedBy(container: service.containerName),
            service: service.name, intent: intent, after: [stopOld])
    }

    /// Starts after what `after` names, after its dependencies' starts, after every start of an
    /// earlier stage, and once each dependency's condition holds.
    @discardableResult
    private mutating func addStart(_ service: DesiredService, _ container: ContainerRef, cause: StepCause, intent: StepIntent? = nil, after: [Int]) -> Int {
        let (conditions, gates) = startConditions(service)
        let id = add(.startContainer(container), cause, service: service.name, intent: intent, after: (after + conditions).sorted(), gates: gates)
        if service.hasHealthcheck {
            let interval = service.createRequest.config.healthcheck?.interval ?? 0
            operations[operations.count - 1].probeInterval = interval > 0 ? .nanoseconds(interval) : .seconds(30)
        }
        starts[service.name, default: []].append(id)
        startsByStage[service.stage, default: []].append(id)
        return id
    }

    /// What a start of `service` waits for: its dependencies' starts and every start of an earlier
    /// stage, then each dependency's condition.
    private func startConditions(_ service: DesiredService) -> (after: [Int], gates: [Gate]) {
        var prerequisites: [Int] = []
        var gates: [Gate] = []
        for dependency in service.dependencies {
            // A scaled dependency: every one of its containers (compose waits for them all).
            for other in desired.replicas(of: dependency.service) {
                gates.append(Gate(service: other.name, container: other.containerName, condition: dependency.condition, required: dependency.required))
            }
            prerequisites += starts[dependency.service] ?? []
        }
        for (stage, ids) in startsByStage where stage < service.stage { prerequisites += ids }
        return (prerequisites, gates)
    }

    /// Stops (when running) and removes a container; returns the op ids, last one last.
    @discardableResult
    private mutating func removeContainer(_ container: ObservedContainer, cause: StepCause, service: String?, after: [Int] = []) -> [Int] {
        let ref = ContainerRef(name: container.name, id: container.id)
        var ids: [Int] = []
        if container.isUp { ids.append(add(.stopContainer(ref, timeout: nil), cause, service: service, after: after)) }
        ids.append(add(.removeContainer(ref, removeVolumes: false), cause, service: service, after: ids.isEmpty ? after : ids))
        return ids
    }

    /// compose's `restart: true`: a running dependent is stopped before its dependency is
    /// replaced and started again after it.
    private mutating func planDependentRestarts() {
        for service in desired.services {
            for dependency in service.dependencies where dependency.restart {
                guard let replaced = replacements[dependency.service],
                      !operations.contains(where: { $0.service == service.name && Self.starts(service.containerName, $0.action) }),
                      let running = observed.containers(of: service.name).first(where: { $0.name == service.containerName && $0.isRunning })
                else { continue }
                let ref = ContainerRef(name: running.name, id: running.id)
                let cause = StepCause.dependentRestart(service: service.name, dependency: dependency.service)
                let stop = add(.stopContainer(ref, timeout: service.stopTimeout), cause, service: service.name)
                for stopOld in replaced.compactMap(\.stopOld) {
                    if let index = operations.firstIndex(where: { $0.id == stopOld }) { operations[index].after.append(stop) }
                }
                addStart(service, ref, cause: cause, after: [stop] + replaced.map(\.startNew))
            }
        }
    }

    /// `--wait`: every selected service running, healthy when it has a healthcheck, or completed
    /// when something depends on it completing.
    private mutating func planWaits() {
        for service in desired.services {
            let completes = desired.services.contains { other in
                other.dependencies.contains { $0.service == service.name && $0.condition == .completedSuccessfully }
            }
            let condition: DependencyCondition = completes ? .completedSuccessfully : (service.hasHealthcheck ? .healthy : .runningOrHealthy)
            let started = operations.last { $0.service == service.name && Self.starts(service.containerName, $0.action) }
            add(.await(Gate(service: service.name, container: service.containerName, condition: condition)), .wait,
                service: service.name, after: started.map { [$0.id] } ?? [])
        }
    }

    /// Whether `action` starts (or renames back, already running) the container named `name`.
    private static func starts(_ name: String, _ action: OperationAction) -> Bool {
        switch action {
        case .startContainer(let container): container.name == name
        case .renameContainer(_, let to): to == name
        default: false
        }
    }

    /// `scale: 0`: the service runs no container; any it has is stopped and removed, as compose does.
    private mutating func planScaledToZero(_ name: String) {
        for container in observed.containers(of: name) {
            removeContainer(container, cause: .extraContainer(service: name, container: container.name, wanted: 0), service: name)
        }
    }

    private mutating func planOrphans() {
        for container in observed.containers where !container.oneoff && !desired.definedServices.contains(container.service) {
            let what = "\(container.name) belongs to service \(container.service), which the project no longer defines"
            if options.removeOrphans {
                removeContainer(container, cause: .orphan(container: container.name, service: container.service), service: container.service)
            } else {
                notes.append("orphan: \(what); kept (--remove-orphans removes it)")
            }
        }
    }
}
