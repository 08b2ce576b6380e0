/// One step of a plan: one Engine call, why it is made, and what must come first.
public struct Operation: Sendable {
    public var id: Int
    public var action: OperationAction
    /// Why: "recreate radarr: secret transmission_pass changed". Never holds a value.
    public var cause: String
    public var service: String?
    /// Operations that must have finished before this one starts.
    public var after: [Int]
    /// Conditions on other services checked right before the call.
    public var gates: [Gate]
    /// For a start: the container's healthcheck interval, so waiters look right after its first
    /// probe (a timing hint, not a decision).
    public var probeInterval: Duration?

    public init(id: Int, action: OperationAction, cause: String, service: String? = nil, after: [Int] = [], gates: [Gate] = []) {
        self.id = id
        self.action = action
        self.cause = cause
        self.service = service
        self.after = after
        self.gates = gates
    }

    /// The plan line: "start vm300-sonarr-1: new container, after radarr is healthy".
    public var text: String {
        var line = action.summary + ": " + cause
        if !gates.isEmpty { line += ", after " + gates.map(\.text).joined(separator: " and ") }
        return line
    }
}
