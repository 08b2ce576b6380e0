/// How `Reconciler` turns differences into operations (the flags of `plane up`).
public struct ReconcileOptions: Sendable {
    public var pull: PullPolicy
    /// Stop and remove containers of services the project no longer defines.
    public var removeOrphans: Bool
    /// Wait, after every start, until each selected service is running (healthy when it has a healthcheck).
    public var wait: Bool
    /// Changes the caller found on the engine that labels cannot show (`plane drift`'s inspect of the
    /// fields `docker update` edits): a service listed here is recreated even when its labels match.
    public var liveChanges: [String: [ContainerChange]] = [:]
    /// Remove a container that holds a service's container name without any compose project label
    /// (made by `docker run --name`) before creating the service's own; otherwise that blocks the plan.
    public var replaceForeign: Bool = false
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
