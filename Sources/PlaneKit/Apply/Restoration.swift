import DockerEngine

/// After a failed or interrupted `up`: every replacement of the plan that did not finish (its old
/// container not removed) gets its old container back, read from the plan's intents and what the
/// engine shows, never from plan text: the new container is removed first (stopped with it: never
/// both running), the old one renamed back (same ID) and started. A replacement whose old
/// container was never set aside is left alone. A restore that fails is reported, never swallowed.
public enum Restoration {
    public struct Restored: Sendable, Equatable {
        public var service: String?
        public var container: String
    }

    public struct Failure: Sendable, CustomStringConvertible {
        public var service: String
        public var container: String
        public var reason: String
        public var description: String { "could not restore \(container) (\(service)): \(reason)" }
    }

    public struct Report: Sendable {
        public var restored: [Restored] = []
        public var failures: [Failure] = []
        public var isEmpty: Bool { restored.isEmpty && failures.isEmpty }
    }

    /// The replacements a run left unfinished: every `.replace` intent whose removal of the old
    /// container is not among `completed`.
    static func unfinishedReplacements(in plan: Plan, completed: Set<Int>) -> [(service: String, old: ContainerRef, container: String)] {
        var seen = Set<String>()
        var result: [(String, ContainerRef, String)] = []
        for step in plan.operations {
            guard case .replace(let service, let old, let container)? = step.intent, seen.insert(service).inserted else { continue }
            let removal = plan.operations.first {
                if case .removeContainer(let ref, _) = $0.action, $0.intent == step.intent, ref.id == old.id { true } else { false }
            }
            if let removal, completed.contains(removal.id) { continue }
            result.append((service, old, container))
        }
        return result
    }

    public static func restore(after failure: ExecutionError, of plan: Plan, engine: any ContainerEngine) async -> Report {
        var report = Report()
        let completed = Set(failure.completedSteps)
        for (service, old, name) in unfinishedReplacements(in: plan, completed: completed) {
            guard let oldID = old.id else { continue }
            do {
                let inspected: Engine.ContainerInspect
                do { inspected = try await engine.inspectContainer(oldID) } catch let error as EngineError where error.isNotFound {
                    report.failures.append(Failure(service: service, container: name, reason: "its old container \(String(oldID.prefix(12))) no longer exists"))
                    continue
                }
                // A start-first drain interrupted between its pause and its unpause.
                if inspected.state?.paused == true { try await engine.unpauseContainer(oldID) }
                let oldName = inspected.name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? ""
                if oldName == name {
                    // Never set aside: it still holds the name. Started again only if this run stopped it.
                    let stoppedByRun = plan.operations.contains {
                        if case .stopContainer(let ref, _) = $0.action, ref.id == oldID, completed.contains($0.id) { true } else { false }
                    }
                    if stoppedByRun && inspected.state?.running != true {
                        _ = try await engine.startContainer(oldID)
                        report.restored.append(Restored(service: service, container: name))
                    }
                    continue
                }
                // The new container (not proven) goes first: never both running.
                if let live = try? await engine.inspectContainer(name), live.id != oldID {
                    try await engine.removeContainer(live.id, force: true, volumes: false)
                }
                try await engine.renameContainer(oldID, to: name)
                let completedOneShot = inspected.state?.status == "exited" && inspected.state?.exitCode == 0
                    && (inspected.hostConfig?.restartPolicy?.name ?? "no") == "no"
                if !completedOneShot { _ = try await engine.startContainer(oldID) }
                report.restored.append(Restored(service: service, container: name))
            } catch {
                report.failures.append(Failure(service: service, container: name, reason: "\(error)"))
            }
        }
        return report
    }
}
