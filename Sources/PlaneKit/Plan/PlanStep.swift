/// One step of a plan: one Engine call, why it is made (a typed `StepCause`), what it is part of
/// (a `StepIntent`), and what must come first.
public struct PlanStep: Sendable {
    public var id: Int
    public var action: OperationAction
    /// Why. Never holds a value (names and kinds only).
    public var cause: StepCause
    public var service: String?
    /// What the step is part of: replacing a service's container, creating one, restoring one set
    /// aside, taking one down. Restoration and the journal read it (never the text).
    public var intent: StepIntent?
    /// Steps that must have finished before this one starts.
    public var after: [Int]
    /// Conditions on other services checked right before the call.
    public var gates: [Gate]
    /// For a start: the container's healthcheck interval, so waiters look right after its first
    /// probe (a timing hint, not a decision).
    public var probeInterval: Duration?
    /// For the stop of a start-first replacement's old container: the new container that takes over.
    /// The executor drains the old one from Traefik first when it has a `RouteWatching` (a how, not a decision).
    public var takeOver: String?

    public init(id: Int, action: OperationAction, cause: StepCause, service: String? = nil, intent: StepIntent? = nil,
                after: [Int] = [], gates: [Gate] = []) {
        self.id = id
        self.action = action
        self.cause = cause
        self.service = service
        self.intent = intent
        self.after = after
        self.gates = gates
    }

    /// A step whose cause is only a sentence (code "described").
    public init(id: Int, action: OperationAction, cause: String, service: String? = nil, after: [Int] = [], gates: [Gate] = []) {
        self.init(id: id, action: action, cause: .described(cause), service: service, after: after, gates: gates)
    }

    /// The plan line: "start vm300-sonarr-1: new container, after radarr is healthy".
    public var text: String {
        var line = action.summary + ": " + cause.text
        if !gates.isEmpty {
            // A scaled dependency gates each of its containers: its condition is said once.
            let texts = gates.map(\.text).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            line += ", after " + texts.joined(separator: " and ")
        }
        return line
    }
}

/// What a step is part of.
public enum StepIntent: Sendable, Equatable {
    /// Replace `service`'s container: `old` (set aside under `<name>_plane-old`, by ID) gives way to a
    /// new container named `container`. Until the new one is proven, `old` is what a failure restores.
    case replace(service: String, old: ContainerRef, container: String)
    /// Create and start the service's first container.
    case create(service: String, container: String)
    /// Put back a container an interrupted run set aside (`old`, by ID) under `container`.
    case restore(service: String, old: ContainerRef, container: String)
    /// Take a container down.
    case teardown(service: String?)

    public var service: String? {
        switch self {
        case .replace(let service, _, _), .create(let service, _), .restore(let service, _, _): service
        case .teardown(let service): service
        }
    }

    /// "replace radarr: vm300-radarr-1 (3f2a...) -> new", for the journal.
    public var text: String {
        switch self {
        case .replace(let service, let old, let container): "replace \(service): \(container) (\(Self.short(old.id))) -> new"
        case .create(let service, let container): "create \(service): \(container)"
        case .restore(let service, let old, let container): "restore \(service): \(old.name) (\(Self.short(old.id))) -> \(container)"
        case .teardown(let service): "teardown" + (service.map { " \($0)" } ?? "")
        }
    }

    static func short(_ id: String?) -> String { String((id ?? "?").prefix(12)) }
}
