import DockerEngine

/// After a failed `up`: a service whose old container this run stopped, and whose new container
/// is not running, gets the old one back (new one removed, old one renamed back and started), so a
/// failed deploy leaves what ran before running. Only containers this run stopped are touched.
public enum Restoration {
    public struct Restored: Sendable, Equatable {
        public var service: String?
        public var container: String
    }

    /// The old containers `plan` stopped before `failure` ended it.
    static func stoppedOldContainers(in plan: Plan, failure: ExecutionError) -> [(service: String?, old: ContainerRef)] {
        let skipped = Set(failure.notRun + [failure.operation])
        return plan.operations.compactMap { operation in
            guard case .stopContainer(let ref, _) = operation.action, ref.name.hasSuffix(PlaneLabel.replacedSuffix),
                  !skipped.contains(operation.text) else { return nil }
            return (operation.service, ref)
        }
    }

    public static func restore(after failure: ExecutionError, of plan: Plan, engine: Engine.Client) async throws -> [Restored] {
        var restored: [Restored] = []
        for (service, old) in stoppedOldContainers(in: plan, failure: failure) {
            let liveName = String(old.name.dropLast(PlaneLabel.replacedSuffix.count))
            if let live = try? await engine.inspectContainer(liveName) {
                if live.state?.running == true { continue }
                try await engine.removeContainer(live.id, force: true)
            }
            try await engine.renameContainer(old.target, to: liveName)
            _ = try await engine.startContainer(old.target)
            restored.append(Restored(service: service, container: liveName))
        }
        return restored
    }
}
