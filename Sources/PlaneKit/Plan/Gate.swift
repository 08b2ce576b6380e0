/// A condition on another service's container that must hold before an operation runs
/// ("after radarr is healthy"). Checked by inspecting the container every 500 ms.
public struct Gate: Sendable, Equatable {
    public var service: String
    public var container: String
    public var condition: DependencyCondition
    /// When false, a gate that fails is a warning and the operation goes ahead (compose's
    /// `required: false`).
    public var required: Bool
    /// A replacement's proof: the container must also keep running without restarting (for the
    /// proof window when it has no healthcheck) and a failure names the loop or the failed checks.
    /// The plan line is the same.
    public var proof: Bool = false

    public init(service: String, container: String, condition: DependencyCondition, required: Bool = true) {
        self.service = service
        self.container = container
        self.condition = condition
        self.required = required
    }

    public var text: String { "\(service) is \(condition.phrase)" + (required ? "" : " (optional)") }
}
