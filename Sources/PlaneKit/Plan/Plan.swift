/// The operations that take the engine from what it has to what the project says, each with its
/// cause, in an order the executor may parallelise (an operation runs once everything in its
/// `after` has). A value: computed without writing anything, asserted as text by tests.
public struct Plan: Sendable {
    public var project: String
    public var operations: [PlanStep]
    /// Reasons the plan must not run; nothing is written when there is one.
    public var blockers: [String]
    /// What a person should know but that changes nothing (orphans kept, warnings).
    public var notes: [String]
    /// Services left as they are.
    public var upToDate: [String]
    /// By container name: the compose label of a container whose service names another service's
    /// container, made at its create from that container's ID (`ComposeHashTemplate`).
    public var composeHashes: [String: ComposeHashTemplate] = [:]

    public init(project: String, operations: [PlanStep] = [], blockers: [String] = [], notes: [String] = [], upToDate: [String] = []) {
        self.project = project
        self.operations = operations
        self.blockers = blockers
        self.notes = notes
        self.upToDate = upToDate
    }

    /// The operations that change the engine.
    public var writes: [PlanStep] { operations.filter(\.action.isWrite) }

    public func operation(_ id: Int) -> PlanStep? { operations.first { $0.id == id } }

    /// One line per operation, then notes and blockers; a plan without writes says so.
    public var text: String {
        var lines = operations.map(\.text)
        if writes.isEmpty {
            lines.append("no changes: \(upToDate.count) service\(upToDate.count == 1 ? "" : "s") up to date" + (upToDate.isEmpty ? "" : " (\(upToDate.joined(separator: ", ")))"))
        }
        lines += notes.map { "note: " + $0 }
        lines += blockers.map { "blocked: " + $0 }
        return lines.map { $0 + "\n" }.joined()
    }
}
