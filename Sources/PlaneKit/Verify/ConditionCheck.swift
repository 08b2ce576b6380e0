import DockerEngine

/// Evaluates a dependency condition on an inspected container, as compose does
/// (`isServiceHealthy`, `isServiceCompleted`), with a reason a person can act on.
public enum ConditionCheck {
    public static func evaluate(_ condition: DependencyCondition, _ container: Engine.ContainerInspect) -> ConditionOutcome {
        let name = container.name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? container.id
        let state = container.state
        let status = state?.status ?? "unknown"
        let exitCode = state?.exitCode ?? 0
        let hasHealthcheck = container.config?.healthcheck?.test.map { !$0.isEmpty && $0 != ["NONE"] } ?? false
        let health = state?.health?.status

        switch condition {
        case .started:
            switch status {
            case "running", "restarting", "exited", "dead": return .satisfied
            default: return .pending("\(name) is \(status)")
            }
        case .completedSuccessfully:
            switch status {
            case "exited", "dead":
                return exitCode == 0 ? .satisfied : .failed("\(name) exited with code \(exitCode)")
            default:
                return .pending("\(name) is \(status), waiting for it to complete")
            }
        case .healthy, .runningOrHealthy:
            if status == "exited" || status == "dead" {
                return .failed("\(name) exited with code \(exitCode)")
            }
            if condition == .runningOrHealthy && !hasHealthcheck {
                return status == "running" ? .satisfied : .pending("\(name) is \(status)")
            }
            guard hasHealthcheck, let health else {
                if !hasHealthcheck { return .failed("\(name) has no healthcheck, so it can never be healthy") }
                return .pending("\(name) is \(status), no health status yet")
            }
            switch health {
            case "healthy": return .satisfied
            case "unhealthy":
                return .failed(ReplacementProof.unhealthyReason(name, state?.health))
            case "starting": return .pending("\(name) health: starting")
            default: return .failed("\(name) has an unexpected health status \"\(health)\"")
            }
        }
    }
}
