/// What the executor reports while it runs a plan: one event when an operation starts, while it
/// waits on a condition, and when it ends. Renderers (TTY, plain lines, JSON) live in PlaneCommands.
public struct ProgressEvent: Sendable {
    public enum Status: String, Sendable {
        case working, waiting, done, warning, failed
    }

    public var operation: Int
    public var service: String?
    /// `create`, `start`, `pull`, `wait`, ...
    public var action: String
    /// What the operation is about: "container vm300-radarr-1", "network vm300_back".
    public var object: String
    public var status: Status
    /// A sentence for people: the plan line, the condition waited for, or the failure.
    public var message: String
    /// Seconds since the executor started.
    public var elapsed: Double

    public init(operation: Int, service: String?, action: String, object: String, status: Status, message: String, elapsed: Double) {
        self.operation = operation
        self.service = service
        self.action = action
        self.object = object
        self.status = status
        self.message = message
        self.elapsed = elapsed
    }
}
