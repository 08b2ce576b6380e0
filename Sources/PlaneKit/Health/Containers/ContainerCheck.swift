import DockerEngine
import Foundation

/// The container side of `plane health` (issue 10 item 3), from two inspects of the same container, one
/// at the start of the run and one at its end: running, healthy where a healthcheck exists, not
/// restarting (restart count stable across the run), not OOM-killed.
public enum ContainerCheck {
    public static let check = "container"

    /// - Parameters:
    ///   - first: the inspect at the start of the run (nil: the service has no container).
    ///   - last: the inspect at the end of the run (nil: same as `first`).
    public static func evaluate(service: String, first: Engine.ContainerInspect?, last: Engine.ContainerInspect?) -> HealthResult {
        guard let first else {
            return .fail(check, service, "no container for \(service): it was never created or was removed")
        }
        let now = last ?? first
        let name = String((now.name ?? now.id).drop { $0 == "/" })
        let state = now.state
        var evidence = ["container \(name)", "status \(state?.status ?? "unknown")"]
        let restarts = (first.restartCount ?? 0, now.restartCount ?? 0)
        if restarts.1 != restarts.0 || last != nil { evidence.append("restart count \(restarts.0) -> \(restarts.1)") }
        if let health = state?.health?.status { evidence.append("health \(health)") }
        if state?.oomKilled == true {
            return .fail(check, service, "\(name) was killed by the kernel for lack of memory (OOMKilled)", evidence: evidence)
        }
        if state?.restarting == true || restarts.1 > restarts.0 {
            return .fail(check, service, "\(name) is restarting (restart count \(restarts.0) -> \(restarts.1) during the check)", evidence: evidence)
        }
        if state?.running != true {
            let code = state?.exitCode ?? 0
            if code == 0, ["", "no"].contains(now.hostConfig?.restartPolicy?.name ?? "no"), state?.status == "exited" {
                return .pass(check, service, "\(name) ran to completion (exit 0)", evidence: evidence)
            }
            return .fail(check, service, "\(name) is not running (\(state?.status ?? "unknown"), exit code \(code))", evidence: evidence)
        }
        switch state?.health?.status {
        case "unhealthy"?:
            let last = state?.health?.log?.last?.output.map { String($0.prefix(160)).trimmingCharacters(in: .whitespacesAndNewlines) }
            return .fail(check, service, "\(name) is unhealthy: its healthcheck fails (Traefik stops routing to it)",
                         evidence: evidence + (last.map { ["last check: \($0)"] } ?? []))
        case "starting"?:
            return .fail(check, service, "\(name) is still starting: its healthcheck has not passed yet", evidence: evidence)
        case "healthy"?:
            return .pass(check, service, "\(name) is running and healthy", evidence: evidence)
        default:
            return .pass(check, service, "\(name) is running (no healthcheck)", evidence: evidence)
        }
    }
}
