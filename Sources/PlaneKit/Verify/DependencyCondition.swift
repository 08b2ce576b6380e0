/// What must hold of a service's container before something that depends on it goes ahead:
/// compose's `depends_on` conditions, plus the one `--wait` and replacements use.
public enum DependencyCondition: String, Sendable, Equatable, Hashable {
    /// `service_started`: the container has been started (it may have exited since).
    case started = "service_started"
    /// `service_healthy`: its healthcheck reports healthy.
    case healthy = "service_healthy"
    /// `service_completed_successfully`: it ran and exited 0.
    case completedSuccessfully = "service_completed_successfully"
    /// Healthy when it has a healthcheck, else running (`--wait`, and before an old container of
    /// a replacement is removed).
    case runningOrHealthy = "running_or_healthy"

    public init?(composeName: String) {
        self.init(rawValue: composeName)
        if self == .runningOrHealthy { return nil }
    }

    /// How a plan line says it: "radarr is healthy".
    public var phrase: String {
        switch self {
        case .started: "started"
        case .healthy: "healthy"
        case .completedSuccessfully: "completed successfully"
        case .runningOrHealthy: "running (healthy if it has a healthcheck)"
        }
    }
}
