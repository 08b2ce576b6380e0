import DockerEngine

/// Runs a plan: each operation as soon as everything in its `after` has finished (independent
/// operations in parallel), its gates checked first by inspecting every 500 ms for at most
/// `waitTimeout`. It makes no decisions: what to do, in which order and why is the plan's.
/// At the first failure it starts nothing more, lets what is running finish, and reports what
/// was not run.
public struct Executor: Sendable {
    public var engine: any ContainerEngine
    /// Longest wait for one condition (a dependency, `--wait`, a replacement's health).
    public var waitTimeout: Duration
    public var pollInterval: Duration
    /// How long a replacement without a healthcheck must keep running before its old container goes.
    public var proofWindow: Duration
    public var observer: (any ExecutionObserver)?
    public var onEvent: @Sendable (ProgressEvent) -> Void
    /// Traefik, when the project configures it (`x-plane.health.traefik`): a start-first replacement's
    /// old container leaves Traefik's load balancer before it is stopped (`drain`).
    public var routes: (any RouteWatching)?
    /// After the drained old container is unpaused, before its stop: the requests it held are answered.
    public var drainSettle: Duration = .milliseconds(300)
    /// How long Traefik gets to hand over after each announcement (its event, its re-read, its 2 s
    /// throttle, a loaded host).
    public var handoverTimeout: Duration = .seconds(10)
    /// How long a network removal is asked again while the engine still counts endpoints of the
    /// containers just removed from it (`removeNetwork`).
    public var endpointRelease: Duration = .seconds(5)

    public init(
        engine: any ContainerEngine, waitTimeout: Duration = .seconds(300), pollInterval: Duration = .milliseconds(500),
        proofWindow: Duration = .seconds(3), observer: (any ExecutionObserver)? = nil,
        onEvent: @escaping @Sendable (ProgressEvent) -> Void = { _ in }
    ) {
        self.engine = engine
        self.waitTimeout = waitTimeout
        self.pollInterval = pollInterval
        self.proofWindow = proofWindow
        self.observer = observer
        self.onEvent = onEvent
    }

    public func run(_ plan: Plan) async throws(ExecutionError) {
        let started = ContinuousClock.now
        let watch = ContainerWatch(engine: engine, interval: pollInterval)
        var done = Set<Int>()
        var launched = Set<Int>()
        var failure: ExecutionError?
        await withTaskGroup(of: (Int, ExecutionError?).self) { group in
            while true {
                if failure == nil && Task.isCancelled {
                    // Interrupted: nothing more starts; what is in flight finishes.
                    failure = ExecutionError(operation: "the run", service: nil, reason: "interrupted", interrupted: true)
                }
                if failure == nil {
                    for operation in plan.operations where !launched.contains(operation.id) && operation.after.allSatisfy(done.contains) {
                        launched.insert(operation.id)
                        group.addTask { (operation.id, await self.perform(operation, since: started, watch: watch, composeHashes: plan.composeHashes)) }
                    }
                }
                guard let (id, error) = await group.next() else { break }
                if let error {
                    if failure == nil {
                        failure = error
                        group.cancelAll()
                    }
                } else {
                    done.insert(id)
                }
            }
        }
        if var failure {
            let left = plan.operations.filter { !done.contains($0.id) && $0.id != failure.step }
            failure.notRun = left.map(\.text)
            failure.notRunSteps = left.map(\.id)
            failure.completedSteps = done.sorted()
            if Task.isCancelled { failure.interrupted = true }
            throw failure
        }
        let stuck = plan.operations.filter { !done.contains($0.id) }
        if !stuck.isEmpty {
            throw ExecutionError(
                operation: stuck[0].text, step: stuck[0].id, service: stuck[0].service,
                reason: "the plan orders it after operations that never ran (a plan defect)", notRun: stuck.map(\.text),
                notRunSteps: stuck.map(\.id), completedSteps: done.sorted())
        }
    }

    private func perform(_ operation: PlanStep, since started: ContinuousClock.Instant, watch: ContainerWatch,
                         composeHashes: [String: ComposeHashTemplate]) async -> ExecutionError? {
        let object = Self.object(of: operation.action)
        let emit: @Sendable (ProgressEvent.Status, String) -> Void = { status, message in
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            onEvent(ProgressEvent(
                operation: operation.id, service: operation.service, action: operation.action.verb, object: object,
                status: status, message: message, elapsed: seconds))
        }
        func failed(_ reason: String, _ engineError: EngineError? = nil) -> ExecutionError {
            emit(.failed, reason)
            let error = ExecutionError(operation: operation.text, step: operation.id, service: operation.service, reason: reason, engineError: engineError)
            observer?.didRun(operation, error: error)
            return error
        }

        emit(.working, operation.text)
        if operation.action.isWrite {
            do { try observer?.willRun(operation) } catch { return failed("not run: its journal entry could not be written: \(error)") }
        }
        do {
            for gate in operation.gates {
                if let problem = try await check(gate, watch: watch, emit: emit) {
                    guard gate.required else {
                        emit(.warning, "optional dependency \(gate.service) is not \(gate.condition.phrase) (\(problem)); going ahead")
                        continue
                    }
                    return failed("dependency \(gate.service) is not \(gate.condition.phrase): \(problem)")
                }
            }
            if case .await(let gate) = operation.action {
                if let problem = try await check(gate, watch: watch, emit: emit) {
                    return failed("\(gate.service) is not \(gate.condition.phrase): \(problem)")
                }
            } else {
                if case .stopContainer(let old, _) = operation.action, let new = operation.takeOver, let routes {
                    if let problem = try await drain(old: old, new: new, service: operation.service ?? "", routes: routes, emit: emit) {
                        return failed(problem)
                    }
                }
                try await call(operation.action, composeHashes: composeHashes, emit: emit)
                if case .startContainer(let container) = operation.action, let probeInterval = operation.probeInterval {
                    await watch.started(container.name, probeInterval: probeInterval)
                }
            }
            emit(.done, operation.action.summary)
            if operation.action.isWrite { observer?.didRun(operation, error: nil) }
            return nil
        } catch let error as EngineError {
            return failed(error.description, error)
        } catch is CancellationError {
            let error = ExecutionError(operation: operation.text, step: operation.id, service: operation.service, reason: "cancelled after another operation failed")
            observer?.didRun(operation, error: error)
            return error
        } catch {
            return failed("\(error)")
        }
    }

    /// A start-first replacement's old container leaves Traefik before its stop, so that no request is
    /// sent to a container that is stopping. Traefik 3.5's docker provider re-reads the containers only
    /// on a `start`, `die` or `health_status` event, and then leaves a running container out only when
    /// its health is not `healthy` (or it has no address); a paused container reads `unhealthy`, with no
    /// event:
    /// 1. the new container is routed: its address UP in Traefik's API, a request through the entrypoint answered;
    /// 2. the old one is paused: what Traefik still sends it waits in the kernel, nothing fails;
    /// 3. a short-lived container starts and goes (`announce`): on its events Traefik re-reads the
    ///    containers and leaves the paused old one out. The new container is never touched: pausing it
    ///    would make it read `unhealthy` until its next probe, and any re-read meanwhile (another
    ///    container's event) would drop the router;
    /// 4. once one reading of Traefik's API lists the old address nowhere and the new one UP, the old one
    ///    is unpaused (the requests it held are answered) and stopped by the caller, with its stop signal
    ///    and grace period.
    /// Without a router or an address there is nothing to drain; without a healthcheck on the old one
    /// nothing makes Traefik leave it out while it runs: it is stopped at once, with a warning.
    /// nil: go on with the stop; else why the step fails (the old container is left running, unpaused).
    private func drain(old: ContainerRef, new name: String, service: String, routes: any RouteWatching,
                       emit: @escaping @Sendable (ProgressEvent.Status, String) -> Void) async throws -> String? {
        let new = try await engine.inspectContainer(name)
        switch await routes.waitRouted(service: service, container: new, timeout: waitTimeout) {
        case .failed(let why): return "the new \(name) is not routed by Traefik: \(why)"
        case .notRouted(let why):
            emit(.working, "\(name): \(why): nothing to drain from Traefik")
            return nil
        case .holds(let evidence): emit(.working, "\(name) is routed by Traefik (\(evidence))")
        }
        let aside = try await engine.inspectContainer(old.target)
        guard Self.hasHealthcheck(aside) else {
            emit(.warning, "\(old.name) has no healthcheck, so nothing makes Traefik leave it out while it runs: "
                 + "requests Traefik sends it between its stop and its exit can fail")
            return nil
        }
        let engine = self.engine, oldID = aside.id
        // Whatever happens (a failure, an interruption), the old container is never left paused.
        let unpause: @Sendable () async -> Void = { _ = await Task { try? await engine.unpauseContainer(oldID) }.value }
        if aside.state?.paused != true {
            do { try await Self.retrying { try await engine.pauseContainer(oldID) } } catch {
                // No drain without a pause: the proven new container takes over as without Traefik.
                await unpause()
                emit(.warning, "\(old.name) could not be paused (\(error)): stopped without a drain; "
                     + "requests Traefik sends it between its stop and its exit can fail")
                return nil
            }
        }
        emit(.working, "\(old.name) paused: Traefik's requests to it wait until it leaves the load balancer")
        // A second announcement if the first one was not seen (bounded: the requests held meanwhile wait, none fails).
        var left = RouteWait.failed("not asked")
        for attempt in 1...2 {
            do {
                // Whole even when the run is interrupted: an announcer created and never started would
                // not remove itself.
                try await Task { try await self.announce(to: new, name: name) }.value
            } catch {
                left = .failed("no container could be started to make Traefik re-read (\(error))")
                break
            }
            if Task.isCancelled {
                left = .failed("interrupted")
                break
            }
            left = await routes.waitHandedOver(service: service, from: aside, to: new, timeout: handoverTimeout)
            guard case .failed(let why) = left, attempt == 1, !Task.isCancelled else { break }
            emit(.working, "Traefik has not handed over from \(old.name) to \(name) (\(why)): announced again")
        }
        await unpause()
        if Task.isCancelled {
            // Docker marks a paused container unhealthy until its next probe, and it is what the
            // restore puts back: it gets that probe (at most two intervals) before the run ends,
            // the new container serving meanwhile. A second signal ends plane at once.
            let interval = aside.config?.healthcheck?.interval.flatMap { $0 > 0 ? Duration.nanoseconds($0) : nil } ?? .seconds(30)
            await Task { await Self.healthyAgain(oldID, engine: engine, within: interval * 2 + .seconds(1)) }.value
            emit(.warning, "interrupted during the drain: \(old.name) unpaused" + (left == .failed("interrupted") ? "" : " (\(left))"))
            throw CancellationError()
        }
        switch left {
        case .holds(let evidence): emit(.working, "Traefik handed over to \(name) (\(evidence)); \(old.name) unpaused, then stopped")
        case .notRouted: break
        case .failed(let why):
            emit(.warning, "\(old.name) is still in Traefik's load balancer (\(why)): stopped anyway; requests sent to it meanwhile can fail")
        }
        try await Task.sleep(for: drainSettle)
        return nil
    }

    /// Makes Traefik's docker provider re-read the containers without touching the service's own: a
    /// container from the new one's image, running its healthcheck's command (something the image can
    /// run) with no network, no healthcheck and `traefik.enable=false`, is started and removed (its
    /// `start` and `die` events). It carries no compose label, so neither plane nor compose counts it as
    /// the service's; the daemon removes it when it exits, and a leftover of a killed run (same name, the
    /// label) goes first.
    private func announce(to new: Engine.ContainerInspect, name: String) async throws {
        let labels = new.config?.labels ?? [:]
        var config = Engine.ContainerConfig()
        config.image = new.image ?? new.config?.image
        config.entrypoint = Self.command(of: new.config?.healthcheck?.test ?? [])
        config.healthcheck = Engine.HealthConfig(test: ["NONE"])
        config.labels = ["traefik.enable": "false", PlaneLabel.drain: labels[ComposeLabel.project] ?? ""]
        var host = Engine.HostConfig()
        host.networkMode = "none"
        host.autoRemove = true
        let throwaway = name + PlaneLabel.drainSuffix
        if let stale = try? await engine.inspectContainer(throwaway) {
            // Only plane's own announcer is removed: a container of that name without the label is someone else's.
            guard stale.config?.labels?[PlaneLabel.drain] != nil else {
                throw EngineError(.daemon(status: 409), "a container named \(throwaway) exists and plane did not make it (no \(PlaneLabel.drain) label): remove or rename it")
            }
            try await ignoringNotFound { try await engine.removeContainer(stale.id, force: true, volumes: true) }
        }
        let created = try await engine.createContainer(name: throwaway, Engine.ContainerCreateRequest(config: config, hostConfig: host))
        var failure: (any Error)?
        do { _ = try await engine.startContainer(created.id) } catch { failure = error }
        // Gone at once (its `die`), or already going by itself (auto-removed: a conflict, or not found).
        try? await engine.removeContainer(created.id, force: true, volumes: true)
        if let failure { throw failure }
    }

    /// A healthcheck's test as a command line: `CMD-SHELL` runs through `/bin/sh -c`; with no usable
    /// test, `true`.
    static func command(of test: [String]) -> [String] {
        switch test.first {
        case "CMD-SHELL" where test.count > 1: ["/bin/sh", "-c", test[1]]
        case "CMD" where test.count > 1: Array(test.dropFirst())
        default: ["true"]
        }
    }

    /// Waits (bounded) until `id` reports healthy again, as it does after the first probe that
    /// follows its unpause.
    static func healthyAgain(_ id: String, engine: any ContainerEngine, within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard let state = try? await engine.inspectContainer(id).state, state.running == true else { return }
            if state.health?.status == "healthy" { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// A pause or unpause, tried up to three times: runc's cgroup freeze can fail for a moment on a
    /// loaded host ("OCI runtime pause failed: unable to freeze", seen in CI).
    static func retrying(_ body: () async throws -> Void) async throws {
        for attempt in 1...3 {
            do {
                try await body()
                return
            } catch where attempt < 3 && !(error is CancellationError) {
                try await Task.sleep(for: .milliseconds(250 * attempt))
            }
        }
    }

    static func hasHealthcheck(_ container: Engine.ContainerInspect) -> Bool {
        guard let test = container.config?.healthcheck?.test else { return false }
        return !test.isEmpty && test != ["NONE"]
    }

    /// nil when the gate's condition holds; else why not.
    private func check(_ gate: Gate, watch: ContainerWatch, emit: @escaping @Sendable (ProgressEvent.Status, String) -> Void) async throws -> String? {
        let result: ConditionWaiter.Result
        if gate.proof {
            let proof = ReplacementProof(watch: watch, timeout: waitTimeout, window: proofWindow)
            result = try await proof.wait(for: gate.container) { reason in emit(.waiting, "waiting until \(gate.text): \(reason)") }
        } else {
            let waiter = ConditionWaiter(watch: watch, timeout: waitTimeout)
            result = try await waiter.wait(for: gate.container, gate.condition) { reason in
                emit(.waiting, "waiting until \(gate.text): \(reason)")
            }
        }
        switch result {
        case .satisfied: return nil
        case .failed(let reason): return reason
        case .timedOut(let reason): return "still \(reason) after \(waitTimeout) (--wait-timeout)"
        }
    }

    private func call(_ action: OperationAction, composeHashes: [String: ComposeHashTemplate],
                      emit: @escaping @Sendable (ProgressEvent.Status, String) -> Void) async throws {
        switch action {
        case .pullImage(let reference):
            try await engine.pull(reference)
        case .createNetwork(let request):
            _ = try await engine.createNetwork(request)
        case .createVolume(let request):
            _ = try await engine.createVolume(request)
        case .createContainer(let name, let image, var request):
            if request.config.labels?[ComposeLabel.image] == nil {
                request.config.labels?[ComposeLabel.image] = try await engine.inspectImage(image).id
            }
            if let template = composeHashes[name] {
                // compose's label names the shared containers by ID: theirs now, created before this one.
                var ids: [String: String] = [:]
                for (service, container) in template.containers {
                    ids[service] = try await engine.inspectContainer(container).id
                }
                request.config.labels?[ComposeLabel.configHash] = template.hash(ids: ids)
            }
            let response = try await engine.createContainer(name: name, request)
            for warning in response.warnings ?? [] where !warning.isEmpty { emit(.warning, warning) }
        case .connectNetwork(let network, let container, let endpoint):
            try await engine.connectNetwork(network, container: container.target, endpoint: endpoint)
        case .renameContainer(let container, let name):
            try await engine.renameContainer(container.target, to: name)
        case .startContainer(let container):
            _ = try await engine.startContainer(container.target)
        case .stopContainer(let container, let timeout):
            try await ignoringNotFound { try await engine.stopContainer(container.target, timeout: timeout) }
        case .removeContainer(let container, let volumes):
            try await ignoringNotFound { try await engine.removeContainer(container.target, force: false, volumes: volumes) }
        case .removeNetwork(let name):
            try await removeNetwork(name)
        case .removeVolume(let name):
            try await ignoringNotFound { try await engine.removeVolume(name, force: false) }
        case .await:
            break
        }
    }

    /// dockerd answers a container's removal before libnetwork has let go of its endpoint: a network
    /// removed right after its last container can still have "active endpoints" for a moment (docker
    /// compose's `down` fails there; seen in CI). Asked again every 100 ms for `endpointRelease`; an
    /// endpoint that stays (a container of another project still attached) is the error.
    private func removeNetwork(_ name: String) async throws {
        let deadline = ContinuousClock.now + endpointRelease
        while true {
            do {
                return try await ignoringNotFound { try await engine.removeNetwork(name) }
            } catch let error as EngineError where error.hasActiveEndpoints && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Stopping or removing something already gone is done.
    private func ignoringNotFound(_ body: () async throws -> some Sendable) async throws {
        do { _ = try await body() } catch let error as EngineError where error.isNotFound {}
    }

    public static func object(of action: OperationAction) -> String {
        switch action {
        case .pullImage(let image): "image \(image)"
        case .createNetwork(let request): "network \(request.name)"
        case .createVolume(let request): "volume \(request.name)"
        case .createContainer(let name, _, _): "container \(name)"
        case .connectNetwork(_, let container, _), .renameContainer(let container, _), .startContainer(let container),
             .stopContainer(let container, _), .removeContainer(let container, _):
            "container \(container.name)"
        case .removeNetwork(let name): "network \(name)"
        case .removeVolume(let name): "volume \(name)"
        case .await(let gate): "container \(gate.container)"
        }
    }
}
