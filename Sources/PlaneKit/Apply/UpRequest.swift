/// What `plane up` (or `plane plan`) is asked to do.
public struct UpRequest: Sendable {
    /// Profiles asked for (`*` for all); empty: only services without profiles.
    public var profiles: [String]
    /// Services named; when given, only they and their dependencies.
    public var services: [String]
    /// false with `--no-deps`.
    public var withDependencies: Bool
    public var reconcile: ReconcileOptions

    public init(profiles: [String] = [], services: [String] = [], withDependencies: Bool = true, reconcile: ReconcileOptions = ReconcileOptions()) {
        self.profiles = profiles
        self.services = services
        self.withDependencies = withDependencies
        self.reconcile = reconcile
    }
}
