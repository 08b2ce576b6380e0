/// How to lint: which services, whether to ask git, as whom.
public struct LintOptions: Sendable {
    /// Services named on the command line; empty means every service the profiles enable. A named
    /// service is linted even when its profile is not selected (as `up NAME` would start it).
    public var services: [String]
    /// Run `git ls-files`/`git check-ignore` for the tracked/ignored checks.
    public var checksGit: Bool
    /// The deploying user, owner expected for secret files of services without a numeric `user:`.
    public var currentUserID: UInt32

    public init(services: [String] = [], checksGit: Bool = true, currentUserID: UInt32 = FileSystem.currentUserID) {
        self.services = services
        self.checksGit = checksGit
        self.currentUserID = currentUserID
    }
}
