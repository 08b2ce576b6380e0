import DockerEngine

/// The front door of `plane up`, `plane plan` and `plane down`: select -> desired state ->
/// observe -> reconcile (a `Plan`, nothing written) -> execute.
public enum Convergence {
    /// Everything a plan was made from.
    public struct Preparation: Sendable {
        public var selection: ServiceSelection
        public var desired: DesiredState
        public var observed: ObservedState
        public var plan: Plan
    }

    /// Computes the plan of an `up` from the project (loaded with every profile) and what the
    /// engine has. Only GET requests are made.
    public static func prepare(project: ResolvedProject, request: UpRequest, engine: any ContainerEngine, key: LabelKey) async throws -> Preparation {
        try await prepare(project: project, selection: try select(project: project, request: request), request: request, engine: engine, key: key)
    }

    /// The services an `up` of `request` deploys: the profiles asked for, in order, and what they pull in.
    public static func select(project: ResolvedProject, request: UpRequest) throws -> ServiceSelection {
        let selection = try ServiceSelection.resolve(
            project: project, order: try ProfileOrder.of(project), profiles: request.profiles, services: request.services,
            withDependencies: request.withDependencies)
        // compose: every service is in a profile and none was asked for -> "no service selected".
        if selection.services.isEmpty && !project.services.entries.isEmpty {
            throw PlanError(.noServiceSelected, "no service selected",
                            hint: "name services, or a profile: --profile \(project.allProfiles.first ?? "PROFILE") (or COMPOSE_PROFILES)")
        }
        return selection
    }

    /// Plans an `up` of a selection made already (`select`).
    public static func prepare(
        project: ResolvedProject, selection: ServiceSelection, request: UpRequest, engine: any ContainerEngine, key: LabelKey
    ) async throws -> Preparation {
        let desired = try DesiredState.build(
            project: project, selection: selection, key: key,
            multipleNetworksAtCreate: engine.features.supportsMultipleNetworksAtCreate)
        let observed = try await ObservedState.observe(
            engine, project: project.name, networks: desired.networks.map(\.name), volumes: desired.volumes.map(\.name),
            images: desired.services.map(\.image), containerNames: desired.services.map(\.containerName))
        let plan = Reconciler.plan(desired: desired, observed: observed, options: request.reconcile)
        return Preparation(selection: selection, desired: desired, observed: observed, plan: plan)
    }

    /// `--pull always`: runs the plan's pulls first and plans again against the pulled images, so
    /// a service whose image changed is recreated.
    public static func pullThenPrepare(
        project: ResolvedProject, selection: ServiceSelection, request: UpRequest, engine: any ContainerEngine, key: LabelKey, executor: Executor
    ) async throws -> Preparation {
        let first = try await prepare(project: project, selection: selection, request: request, engine: engine, key: key)
        guard request.reconcile.pull == .always else { return first }
        let pulls = first.plan.operations.filter { if case .pullImage = $0.action { true } else { false } }
        try await executor.run(Plan(project: project.name, operations: pulls.map { var op = $0; op.after = []; return op }))
        var again = request
        again.reconcile.pull = .missing
        return try await prepare(project: project, selection: selection, request: again, engine: engine, key: key)
    }

    /// The plan of a `down`: the selected services (no dependencies pulled in), or every
    /// container of the project when nothing is selected.
    public static func prepareDown(
        project: ResolvedProject, profiles: [String], services: [String], engine: any ContainerEngine, options: Teardown.Options
    ) async throws -> Plan {
        let everything = profiles.isEmpty && services.isEmpty
        let selection = try ServiceSelection.resolve(
            project: project, order: try ProfileOrder.of(project), profiles: everything ? ["*"] : profiles, services: services,
            withDependencies: false)
        let observed = try await ObservedState.observe(engine, project: project.name)
        var dependencies: [String: [String]] = [:]
        for entry in project.services.entries { dependencies[entry.key] = ServiceDependency.all(of: entry.value).map(\.service) }
        return Teardown.plan(
            project: project.name, selection: selection, everything: everything, dependencies: dependencies, observed: observed,
            options: options)
    }
}
