/// The plan of `plane down`: containers stopped in reverse start order (a service only after
/// everything that depends on it, a profile only after every later one), then removed; project
/// networks removed when no container of the project is left; volumes only when asked.
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
        var stopsByStage: [Int: [Int]] = [:]
        var finished: [Int] = []
        let byService = Dictionary(grouping: taken, by: \.service)
        let unknown = byService.keys.filter { !selected.contains($0) }.sorted()
        for service in unknown + order.reversed() {
            guard let list = byService[service] else { continue }
            let stage = stages[service] ?? Int.max
            var after: [Int] = []
            // Everything that depends on this service stops first.
            for (other, deps) in dependencies where deps.contains(service) { after += stops[other] ?? [] }
            for (otherStage, ids) in stopsByStage where otherStage > stage { after += ids }
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
            stopsByStage[stage, default: []] += mine
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
}
