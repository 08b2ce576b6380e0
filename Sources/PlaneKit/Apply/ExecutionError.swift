import DockerEngine

/// Why a plan stopped: the operation that failed, the reason, and what was not run because of it.
public struct ExecutionError: Error, Sendable, CustomStringConvertible {
    /// The plan line of the failed operation.
    public var operation: String
    public var service: String?
    public var reason: String
    /// The Engine's error, when the failure is one (`.proxyDenied`, `.transport`, ...).
    public var engineError: EngineError?
    /// Plan lines of the operations not run.
    public var notRun: [String]

    public init(operation: String, service: String?, reason: String, engineError: EngineError? = nil, notRun: [String] = []) {
        self.operation = operation
        self.service = service
        self.reason = reason
        self.engineError = engineError
        self.notRun = notRun
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
