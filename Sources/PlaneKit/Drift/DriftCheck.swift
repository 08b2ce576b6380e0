import DockerEngine
import Foundation

/// `plane drift`'s comparison, read-only: the same plan `plane up` makes (labels, input digests,
/// image IDs, networks, what an interrupted run left, containers outside the files), plus one inspect
/// per service container for the settings `docker update` edits (`LiveSettings`), turned into one
/// `DriftItem` per difference with its direction and fix. Only GET requests are made.
public struct DriftCheck: Sendable {
    public var project: ResolvedProject
    public var request: UpRequest
    public var engine: any ContainerEngine
    public var key: LabelKey
    /// Services that could not be loaded (a missing env file, an unset required variable): left out
    /// of the comparison and reported as errors, so the rest is still checked.
    public var unchecked: [DriftProblem]
    /// `--check-updates`: also ask the registry, through the engine, for each checked service's tag
    /// digest (`plane upgrade --check`'s lookup; nothing downloaded). Off: no registry request at all.
    public var checkUpdates: Bool

    public init(project: ResolvedProject, request: UpRequest, engine: any ContainerEngine, key: LabelKey, unchecked: [DriftProblem] = [],
                checkUpdates: Bool = false) {
        self.project = project
        self.request = request
        self.engine = engine
        self.key = key
        self.unchecked = unchecked
        self.checkUpdates = checkUpdates
    }

    public struct Report: Sendable {
        public var project: String
        public var items: [DriftItem]
        public var problems: [DriftProblem]
        /// Per service, the live edits found (what `--fix` must recreate although labels match).
        public var liveChanges: [String: [ContainerChange]]
        public var checkedServices: [String]
        /// `--check-updates`: the services with a newer registry digest (not drift: they leave the
        /// status alone). nil: the registry was not asked.
        public var updates: [UpdateAvailable]?

        public init(project: String, items: [DriftItem], problems: [DriftProblem], liveChanges: [String: [ContainerChange]],
                    checkedServices: [String], updates: [UpdateAvailable]? = nil) {
            self.project = project
            self.items = items
            self.problems = problems
            self.liveChanges = liveChanges
            self.checkedServices = checkedServices
            self.updates = updates
        }

        public var status: DriftStatus { !problems.isEmpty ? .error : (items.isEmpty ? .clean : .drift) }
        /// Services with at least one item, in order of appearance.
        public var driftedServices: [String] { items.reduce(into: [String]()) { if !$0.contains($1.service) { $0.append($1.service) } } }
    }

    /// The request the check plans with: orphans and foreign containers become steps (so they are
    /// items), nothing is pulled.
    public static func checkRequest(_ request: UpRequest) -> UpRequest {
        var copy = request
        copy.reconcile.removeOrphans = true
        copy.reconcile.replaceForeign = true
        copy.reconcile.wait = false
        copy.reconcile.pull = .missing
        copy.reconcile.liveChanges = [:]
        return copy
    }

    /// - Parameter history: tells a removed container (the service ran before) from a service never deployed.
    public func run(history: (any DeploymentHistory)?) async throws -> Report {
        let request = Self.checkRequest(request)
        var selection = try Convergence.select(project: project, request: request)
        let broken = Set(unchecked.compactMap(\.service))
        selection.services.removeAll { broken.contains($0) }
        let preparation = try await Convergence.prepare(project: project, selection: selection, request: request, engine: engine, key: key)
        var report = Report(project: project.name, items: [], problems: [], liveChanges: [:],
                            checkedServices: preparation.desired.services.map(\.name))
        report.problems = unchecked + preparation.plan.blockers.map { DriftProblem(service: nil, message: $0) }

        // Live settings: one inspect per service container, concurrently; a failed inspect is an
        // error for that service alone.
        let current = preparation.desired.services.compactMap { service -> (DesiredService, String)? in
            guard let container = preparation.observed.containers(of: service.name).first(where: { $0.name == service.containerName })
            else { return nil }
            return (service, container.id)
        }
        let engine = self.engine
        // --check-updates: the registry lookup runs beside the inspects; one candidate per service
        // (its first container), a lookup that fails is an error for that service.
        let lookedUp = preparation.desired.services.reduce(into: [DesiredService]()) { list, service in
            if checkUpdates && !list.contains(where: { $0.name == service.name }) { list.append(service) }
        }
        async let candidates = Upgrade.candidates(of: lookedUp, selection: preparation.selection, engine: engine)
        let inspected = await withTaskGroup(of: (String, Result<[ContainerChange], any Error>).self) { group in
            for (service, id) in current {
                group.addTask {
                    do {
                        let inspect = try await engine.inspectContainer(id)
                        return (service.name, .success(LiveSettings.changes(files: service.createRequest.hostConfig, engine: inspect.hostConfig)))
                    } catch {
                        return (service.name, .failure(error))
                    }
                }
            }
            var results: [String: Result<[ContainerChange], any Error>] = [:]
            for await (name, result) in group { results[name] = result }
            return results
        }
        for (service, _) in current {
            switch inspected[service.name] {
            case .success(let changes) where !changes.isEmpty: report.liveChanges[service.name] = changes
            case .failure(let error): report.problems.append(DriftProblem(service: service.name, message: "cannot inspect its container: \(error)"))
            default: break
            }
        }
        if checkUpdates {
            let found = await candidates
            report.updates = found.compactMap(UpdateAvailable.init)
            for candidate in found {
                guard case .lookupFailed? = candidate.skip, let skip = candidate.skip else { continue }
                report.problems.append(DriftProblem(service: candidate.service, message: "update check (--check-updates) failed: \(skip)"))
            }
        } else {
            _ = await candidates
        }

        var items: [DriftItem] = []
        func add(_ item: DriftItem) { if !items.contains(item) { items.append(item) } }
        for step in preparation.plan.operations {
            for item in Self.items(for: step, history: history, project: project.name) { add(item) }
        }
        for service in preparation.desired.services {
            for change in report.liveChanges[service.name] ?? [] {
                add(DriftItem(service: service.name, direction: .engineToFiles, code: change.code, text: change.text,
                              fix: "plane drift --fix \(service.name) (recreates it from the files), or write the setting into the files"))
            }
        }
        // A pull alone is an item only when nothing else explains the service.
        report.items = items.filter { item in item.code != StepCause.imageMissing.code || !items.contains { $0.service == item.service && $0 != item } }
        return report
    }

    /// The items one plan step stands for; the steps that only carry out another's decision (create
    /// after rename, connect, start of a new container, removal once proven) stand for none.
    static func items(for step: PlanStep, history: (any DeploymentHistory)?, project: String) -> [DriftItem] {
        let service = step.service ?? "(project)"
        switch step.cause {
        case .recreate(let name, let changes):
            return changes.map { change in
                let direction: DriftDirection = switch change {
                case .networkMissing, .volumeMissing, .liveEdited, .sharedContainerChanged: .engineToFiles
                default: .filesToEngine
                }
                return DriftItem(service: name, direction: direction, code: change.code, text: change.text, fix: "plane up \(name)")
            }
        case .noContainer(let name, _):
            let deployedBefore = ((try? history?.runs(project: project, service: name, limit: 1)) ?? []).isEmpty == false
            return [deployedBefore
                ? DriftItem(service: name, direction: .engineToFiles, code: "container-removed",
                            text: "its container was removed outside plane", fix: "plane up \(name)")
                : DriftItem(service: name, direction: .filesToEngine, code: step.cause.code,
                            text: "it has no container (not deployed yet)", fix: "plane up \(name)")]
        case .stopped, .neverStarted:
            return [DriftItem(service: service, direction: .engineToFiles, code: step.cause.code,
                              text: "its container was stopped outside plane (\(step.cause.text))", fix: "plane up \(service) (starts it)")]
        case .foreignContainer(let name, let container):
            return [DriftItem(service: name, direction: .engineToFiles, code: step.cause.code, text: step.cause.text,
                              fix: "docker rm -f \(container) then plane up \(name); plane drift --fix does both")]
        case .extraContainer(let name, let container, _):
            return [DriftItem(service: name, direction: .engineToFiles, code: step.cause.code, text: step.cause.text,
                              fix: "container \(container) is not one of the service's containers (started by hand, or a scale lowered): plane drift --fix removes it")]
        case .orphan(let container, let owner):
            let name = owner.isEmpty ? container : owner
            let text = owner.isEmpty ? "\(container) carries the project's label but no service of the files" : step.cause.text
            return [DriftItem(service: name, direction: .engineToFiles, code: step.cause.code, text: text,
                              fix: "container started by hand outside plane: plane up --remove-orphans (or plane drift --fix), or add it to the files")]
        case .interruptedRun:
            guard case .renameContainer = step.action else { return [] }
            return [DriftItem(service: service, direction: .engineToFiles, code: step.cause.code, text: step.cause.text, fix: "plane up \(service)")]
        case .resourceMissing:
            return [DriftItem(service: "(project)", direction: .engineToFiles, code: step.cause.code,
                              text: "\(step.action.summary.replacingOccurrences(of: "create ", with: "")) does not exist", fix: "plane up")]
        case .imageMissing:
            return [DriftItem(service: service, direction: .filesToEngine, code: step.cause.code,
                              text: "image \(step.action.summary.replacingOccurrences(of: "pull image ", with: "")) is not on the engine",
                              fix: "plane up \(service) (pulls it)")]
        case .pullAlways, .joinsNetwork, .takeOver, .newContainer, .replacesOld, .startsBeside, .provenTakeOver, .replacedBy, .dependentRestart, .wait, .described:
            return []
        }
    }
}
