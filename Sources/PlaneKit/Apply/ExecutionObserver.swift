/// Told of every step around its Engine call: the journal (write-ahead: `willRun` returns before
/// the call is made, and a step whose journal entry cannot be written is not run), progress, tests.
public protocol ExecutionObserver: Sendable {
    func willRun(_ step: PlanStep) throws
    func didRun(_ step: PlanStep, error: ExecutionError?)
}
