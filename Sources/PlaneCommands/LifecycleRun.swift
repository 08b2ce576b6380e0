import ArgumentParser
import DockerEngine
import PlaneKit

/// What `plane start`, `stop` and `restart` share: the scope (services named, else the profiles
/// asked for, else the whole project), the containers found by compose's labels, the dependency
/// order, and compose's progress lines (` Container vm300-radarr-1  Stopped`) on stderr.
enum LifecycleRun {
    static func run(_ action: Lifecycle.Action, project flags: ProjectFlags, engine: EngineFlags, services: [String], timeout: Int?) async throws {
        let scope = try ServiceScope.resolve(flags, services: services)
        let client = try await engine.connect(quickly: true)
        let containers = try await ServiceScope.containers(of: scope.project.name, client: client, all: true)
        var byService: [String: [ContainerRef]] = [:]
        for container in containers where !(container.name ?? "").hasSuffix("_plane-old") {
            byService[container.service, default: []].append(ContainerRef(name: container.name ?? container.id, id: container.id))
        }
        let selected = scope.services.filter { byService[$0] != nil }
        if action == .start {
            // compose: "service x has no container to start" is an error, plane's answer is `plane up`.
            let missing = scope.services.filter { byService[$0] == nil }
            if scope.narrowed && !missing.isEmpty {
                ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[no-container]: \(missing.joined(separator: ", ")) "
                    + "\(missing.count == 1 ? "has" : "have") no container to start; run `plane up` to create \(missing.count == 1 ? "it" : "them")\n")
                throw PlaneExit.failure
            }
        }
        let levels = Lifecycle.levels(services: selected, project: scope.project)
        let failures = await Lifecycle.run(action, levels: levels, containers: byService, engine: client, timeout: timeout) { event in
            ErrorReporter.writeStderr(" Container \(event.container)  \(event.text)\n")
        }
        if !failures.isEmpty {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[\(action.rawValue)]: \(failures.count) container\(failures.count == 1 ? "" : "s") failed\n")
            throw PlaneExit.failure
        }
    }
}
