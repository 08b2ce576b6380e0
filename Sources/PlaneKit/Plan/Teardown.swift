import DockerEngine

/// The plan of `plane down`: containers stopped in reverse dependency order (a service only after
/// everything that depends on it; independent services in parallel, as compose does), each removed
/// once stopped; project networks removed when no container of the project is left; volumes only
/// when asked.
///
/// Each stop is sent without `t=` unless `-t` is given, so the Engine applies the container's own
/// `StopTimeout` (its `stop_grace_period`), as `docker compose down` does.
///
/// `planFromLabels` is the same plan made from the engine alone (`plane -p NAME down` with no
/// usable compose file), with the order taken from compose's `depends_on` labels.
public enum Teardown {
    public struct Options: Sendable {
        /// `-v`: remove the project's named volumes too (only when nothing of the project is left).
        public var removeVolumes: Bool
        /// Stop timeout in seconds (nil: each container's own).
        public var timeout: Int?

        public init(removeVolumes: Bool = false, timeout: Int? = nil) {
            self.removeVolumes = removeVolumes
            self.timeout = timeout
        }
    }

    /// - Parameters:
    ///   - selection: the services to take down, in start order with their stages.
    ///   - everything: take down every container of the project (orphans and containers of
    ///     services outside the selection included).
    ///   - dependencies: each service's dependencies (by name).
    public static func plan(
        project: String, selection: ServiceSelection, everything: Bool, dependencies: [String: [String]],
        observed: ObservedState, options: Options = Options()
    ) -> Plan {
        var operations: [PlanStep] = []
        func add(_ action: OperationAction, _ cause: String, service: String?, after: [Int]) -> Int {
            let id = operations.count + 1
            operations.append(PlanStep(id: id, action: action, cause: cause, service: service, after: after))
            return id
        }
        let containers = observed.containers.filter { !$0.oneoff }
        let order = selection.services
        let selected = Set(order)
        let stages = selection.stages
        let taken = containers.filter { everything || selected.contains($0.service) }
        let downCause = everything ? "down" : "down (\(profileText(selection)))"

        // Services not in the order (orphans) go first, then the order reversed.
        var stops: [String: [Int]] = [:]
        var finished: [Int] = []
        let byService = Dictionary(grouping: taken, by: \.service)
        let unknown = byService.keys.filter { !selected.contains($0) }.sorted()
        // Profile stages order `up`; on the way down only dependencies order the stops (a later
        // profile's service that needs an earlier one depends on it), so independent services stop
        // together and a slow stop holds back only what it must.
        _ = stages
        for service in downOrder(unknown + order.reversed(), dependencies: dependencies) {
            guard let list = byService[service] else { continue }
            var after: [Int] = []
            // Everything that depends on this service stops first.
            for (other, deps) in dependencies where deps.contains(service) { after += stops[other] ?? [] }
            after = Array(Set(after)).sorted()
            var mine: [Int] = []
            for container in list.sorted(by: { $0.name < $1.name }) {
                let ref = ContainerRef(name: container.name, id: container.id)
                var last = after
                if container.isRunning || container.state == "paused" {
                    let stop = add(.stopContainer(ref, timeout: options.timeout), downCause, service: service, after: after)
                    mine.append(stop)
                    last = [stop]
                }
                finished.append(add(.removeContainer(ref, removeVolumes: false), downCause, service: service, after: last))
            }
            stops[service] = mine.isEmpty ? [] : mine
        }

        var notes: [String] = []
        let remaining = containers.count - taken.count
        if remaining == 0 {
            for network in observed.networks.values.sorted(by: { $0.name < $1.name }) where network.belongs(to: project) {
                _ = add(.removeNetwork(network.name), "no container of \(project) is left", service: nil, after: finished)
            }
            for volume in observed.volumes.values.sorted(by: { $0.name < $1.name }) where volume.belongs(to: project) {
                if options.removeVolumes {
                    _ = add(.removeVolume(volume.name), "-v", service: nil, after: finished)
                } else {
                    notes.append("volume \(volume.name) kept (-v removes it)")
                }
            }
        } else {
            notes.append("networks and volumes kept: \(remaining) container\(remaining == 1 ? "" : "s") of \(project) outside the selection remain")
        }
        return Plan(project: project, operations: operations, notes: notes)
    }

    static func profileText(_ selection: ServiceSelection) -> String {
        let stages = Set(selection.stages.values).sorted()
        return stages.map { selection.stageName($0) }.joined(separator: ", ")
    }

    /// `plane -p NAME down` when the compose files are missing or cannot be loaded: every container
    /// carrying `com.docker.compose.project=NAME` (one-off ones included, as compose removes them),
    /// stopped in reverse order of their `com.docker.compose.depends_on` labels, then the project's
    /// labelled networks, and with `-v` its labelled volumes; as `docker compose -p NAME down` does.
    public static func planFromLabels(project: String, observed: ObservedState, options: Options = Options()) -> Plan {
        var dependencies: [String: [String]] = [:]
        for container in observed.containers {
            let label = container.labels[ComposeLabel.dependsOn] ?? ""
            let deps = label.split(separator: ",").compactMap { entry in entry.split(separator: ":").first.map(String.init) }
            dependencies[container.service, default: []] += deps.filter { !(dependencies[container.service] ?? []).contains($0) }
        }
        let order = startOrder(Set(observed.containers.map(\.service)), dependencies: dependencies)
        var everything = observed
        // One-off containers (`run`) go too.
        everything.containers = observed.containers.map { container in
            var copy = container
            copy.oneoff = false
            return copy
        }
        let selection = ServiceSelection(services: order, stages: [:], pulledIn: [:], skippedDependencies: [], profileOrder: [])
        return plan(project: project, selection: selection, everything: true, dependencies: dependencies, observed: everything, options: options)
    }

    /// Dependencies before dependents, then by name; a cycle is broken by name.
    static func startOrder(_ services: Set<String>, dependencies: [String: [String]]) -> [String] {
        var order: [String] = []
        var placed = Set<String>()
        var remaining = services.sorted()
        while !remaining.isEmpty {
            let ready = remaining.filter { service in (dependencies[service] ?? []).allSatisfy { placed.contains($0) || !services.contains($0) } }
            let next = ready.isEmpty ? [remaining[0]] : ready
            for service in next {
                order.append(service)
                placed.insert(service)
            }
            remaining.removeAll { placed.contains($0) }
        }
        return order
    }

    /// Observes the project by its label alone and plans its teardown (`planFromLabels`).
    public static func prepareFromLabels(project: String, engine: Engine.Client, options: Options) async throws -> Plan {
        let observed = try await ObservedState.observe(engine, project: project)
        return planFromLabels(project: project, observed: observed, options: options)
    }

    /// Dependents before their dependencies (what the `after` edges need), and among the services
    /// free to go, the one with the longest chain of dependencies still to stop below it first:
    /// the Executor sends operations in plan order, and an Engine busy with many stops finishes
    /// them roughly in the order received, so the critical path starts first.
    static func downOrder(_ services: [String], dependencies: [String: [String]]) -> [String] {
        let present = Set(services)
        var heights: [String: Int] = [:]
        func height(_ service: String, _ visiting: Set<String> = []) -> Int {
            if let known = heights[service] { return known }
            guard !visiting.contains(service) else { return 0 }
            let below = (dependencies[service] ?? []).filter { present.contains($0) && $0 != service }
            let value = below.map { height($0, visiting.union([service])) + 1 }.max() ?? 0
            heights[service] = value
            return value
        }
        var dependents: [String: [String]] = [:]
        for service in services {
            for dependency in dependencies[service] ?? [] where present.contains(dependency) && dependency != service {
                dependents[dependency, default: []].append(service)
            }
        }
        var placed = Set<String>()
        var result: [String] = []
        while result.count < services.count {
            let free = services.filter { !placed.contains($0) && (dependents[$0] ?? []).allSatisfy(placed.contains) }
            // A dependency cycle: break it in the given order.
            let candidates = free.isEmpty ? [services.first { !placed.contains($0) }!] : free
            let next = candidates.max { a, b in height(a) < height(b) }!
            // `max` returns the last of equal maxima: take the first in the given order instead.
            let first = candidates.first { height($0) == height(next) }!
            placed.insert(first)
            result.append(first)
        }
        return result
    }
}
