/// How `Reconciler` turns differences into operations (the flags of `plane up`).
public struct ReconcileOptions: Sendable {
    public var pull: PullPolicy
    /// Stop and remove containers of services the project no longer defines.
    public var removeOrphans: Bool
    /// Wait, after every start, until each selected service is running (healthy when it has a healthcheck).
    public var wait: Bool
    /// `--force-recreate`: these services get a new container even when nothing differs
    /// (the services named, else every selected one; dependencies pulled in are not forced, as compose).
    public var forceRecreate: Set<String>

    public init(pull: PullPolicy = .missing, removeOrphans: Bool = false, wait: Bool = false, forceRecreate: Set<String> = []) {
        self.pull = pull
        self.removeOrphans = removeOrphans
        self.wait = wait
        self.forceRecreate = forceRecreate
    }
}
