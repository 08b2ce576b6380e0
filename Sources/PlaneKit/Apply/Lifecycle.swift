import DockerEngine

/// `plane start`, `stop` and `restart`: the existing containers of the selected services, in
/// dependency order (start and restart: dependencies first; stop: dependents first), the
/// services of one level in parallel. Nothing is created or removed; a service without a
/// container is reported, as compose does for `start` ("has no container to start").
public enum Lifecycle {
    public enum Action: String, Sendable {
        case start, stop, restart

        /// compose's words for the progress lines.
        public var doing: String {
            switch self {
            case .start: "Starting"
            case .stop: "Stopping"
            case .restart: "Restarting"
            }
        }

        public var done: String {
            switch self {
            case .start: "Started"
            case .stop: "Stopped"
            case .restart: "Restarted"
            }
        }
    }

    /// One line of progress: the container and what happened to it.
    public struct Event: Sendable, Equatable {
        public var container: String
        public var service: String
        public var text: String
        public var failed: Bool
    }

    /// The services in levels: each level depends only on earlier ones (dependencies among the
    /// selected services only; a cycle cannot reach here, the load refuses it).
    public static func levels(services: [String], project: ResolvedProject) -> [[String]] {
        let selected = Set(services)
        var depth: [String: Int] = [:]
        func level(_ name: String, _ visiting: Set<String>) -> Int {
            if let known = depth[name] { return known }
            guard let node = project.services[name], !visiting.contains(name) else { return 0 }
            let deps = ServiceDependency.all(of: node).map(\.service).filter(selected.contains)
            let value = deps.map { level($0, visiting.union([name])) + 1 }.max() ?? 0
            depth[name] = value
            return value
        }
        var result: [[String]] = []
        for name in services.sorted() {
            let d = level(name, [])
            while result.count <= d { result.append([]) }
            result[d].append(name)
        }
        return result.filter { !$0.isEmpty }
    }

    /// Runs `action` on `containers` (service -> its containers, by name and ID) level by level.
    /// Returns the failures (container: reason); every container of a level is tried.
    public static func run(
        _ action: Action, levels: [[String]], containers: [String: [ContainerRef]], engine: any ContainerEngine,
        timeout: Int?, onEvent: @escaping @Sendable (Event) -> Void
    ) async -> [String] {
        let ordered = action == .stop ? levels.reversed() : levels
        var failures: [String] = []
        for level in ordered {
            let results = await withTaskGroup(of: String?.self) { group in
                for service in level {
                    for container in containers[service] ?? [] {
                        group.addTask {
                            onEvent(Event(container: container.name, service: service, text: action.doing, failed: false))
                            do {
                                switch action {
                                case .start: _ = try await engine.startContainer(container.target)
                                case .stop: _ = try await engine.stopContainer(container.target, timeout: timeout)
                                case .restart:
                                    _ = try await engine.stopContainer(container.target, timeout: timeout)
                                    _ = try await engine.startContainer(container.target)
                                }
                                onEvent(Event(container: container.name, service: service, text: action.done, failed: false))
                                return nil
                            } catch {
                                let reason = (error as? EngineError)?.description ?? "\(error)"
                                onEvent(Event(container: container.name, service: service, text: "Error: \(reason)", failed: true))
                                return "\(container.name): \(reason)"
                            }
                        }
                    }
                }
                var found: [String] = []
                for await result in group { if let result { found.append(result) } }
                return found
            }
            failures += results.sorted()
            // A dependency that did not start leaves its dependents alone (compose stops there too).
            if !results.isEmpty && action != .stop { break }
        }
        return failures
    }
}
