/// The one owner of plane's machine-local state folder (`$PLANE_STATE_DIR`, else
/// `$XDG_STATE_HOME/plane`, else `~/.local/state/plane`): the label key, the run locks, the
/// history database and the freeze file live here and nowhere else.
public struct StateDirectory: Sendable, Equatable {
    public var path: String

    public init(path: String) { self.path = path }

    public init(environment: [String: String]) { self.init(path: LabelKey.stateDirectory(environment: environment)) }

    /// `label-key`: the key of the digests in container labels.
    public var labelKeyPath: String { PathRules.join(path, "label-key") }
    /// `history.sqlite`: every mutating run and its steps (`DeploymentHistory`).
    public var historyPath: String { PathRules.join(path, "history.sqlite") }
    /// `freeze`: while it exists, mutating runs are refused.
    public var freezePath: String { PathRules.join(path, "freeze") }
    /// `locks/<project>.lock`: the run lock of one project.
    public func lockPath(project: String) -> String { PathRules.join(path, "locks/\(project).lock") }

    public func labelKey() throws(PlanError) -> LabelKey { try LabelKey.loadOrCreate(in: path) }

    /// Takes the project's run lock (creating the folders), waiting up to `timeout`.
    public func lock(project: String, timeout: Duration) async throws(RunLock.Failure) -> RunLock {
        guard FileSystem.makeDirectories(PathRules.join(path, "locks")) else {
            throw .unusable("cannot create plane's state folder \(PathRules.join(path, "locks")); set PLANE_STATE_DIR to a writable folder")
        }
        return try await RunLock.acquire(path: lockPath(project: project), timeout: timeout)
    }
}
