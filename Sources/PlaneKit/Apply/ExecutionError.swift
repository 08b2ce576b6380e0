import DockerEngine

/// Why a plan stopped: the step that failed, the reason, and what was not run because of it.
public struct ExecutionError: Error, Sendable, CustomStringConvertible {
    /// The plan line of the failed step.
    public var operation: String
    /// The failed step's id (nil: the run itself, e.g. interrupted between steps).
    public var step: Int?
    public var service: String?
    public var reason: String
    /// The Engine's error, when the failure is one (`.proxyDenied`, `.transport`, ...).
    public var engineError: EngineError?
    /// Plan lines of the steps not run.
    public var notRun: [String]
    /// Ids of the steps not run (the failed one excluded).
    public var notRunSteps: [Int]
    /// Ids of the steps that finished.
    public var completedSteps: [Int]
    /// The run was interrupted (SIGINT/SIGTERM), not failed by a step.
    public var interrupted: Bool

    public init(operation: String, step: Int? = nil, service: String?, reason: String, engineError: EngineError? = nil,
                notRun: [String] = [], notRunSteps: [Int] = [], completedSteps: [Int] = [], interrupted: Bool = false) {
        self.operation = operation
        self.step = step
        self.service = service
        self.reason = reason
        self.engineError = engineError
        self.notRun = notRun
        self.notRunSteps = notRunSteps
        self.completedSteps = completedSteps
        self.interrupted = interrupted
    }

    public var description: String {
        var text = "\(operation) failed: \(reason)"
        if !notRun.isEmpty {
            let shown = notRun.prefix(5).joined(separator: "; ")
            text += "\n  not run (\(notRun.count)): " + shown + (notRun.count > 5 ? "; and \(notRun.count - 5) more" : "")
        }
        return text
    }
}
