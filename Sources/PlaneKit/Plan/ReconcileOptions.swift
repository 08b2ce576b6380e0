/// How `Reconciler` turns differences into operations (the flags of `plane up`).
public struct ReconcileOptions: Sendable {
    public var pull: PullPolicy
    /// Stop and remove containers of services the project no longer defines.
    public var removeOrphans: Bool
    /// Wait, after every start, until each selected service is running (healthy when it has a healthcheck).
    public var wait: Bool

    public init(pull: PullPolicy = .missing, removeOrphans: Bool = false, wait: Bool = false) {
        self.pull = pull
        self.removeOrphans = removeOrphans
        self.wait = wait
    }
}
