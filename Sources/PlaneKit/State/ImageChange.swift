/// What an `upgrade` or `rollback` run did to one service's image: what ran before (its last-good,
/// when it was healthy at that moment), what it moved to, and how the gate judged it. Written
/// before the service is touched and updated at each stage, so a run killed at any point tells the
/// next run which services were committed and which must go back (`UpgradeRecovery`).
public struct ImageChange: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Last-good recorded; the new image is being pulled or the container replaced.
        case replacing
        /// The gate held: committed.
        case upgraded
        /// The gate failed (or the replacement did); the last-good image is being put back.
        case rollingBack = "rolling-back"
        /// Back on the last-good image, verified.
        case rolledBack = "rolled-back"
        /// Putting the last-good image back failed too.
        case rollbackFailed = "rollback-failed"
        /// The gate failed, and `update_config.failure_action` (pause, continue) left it on the new version.
        case kept
        /// Nothing to change (`rollback` to the image it runs already).
        case unchanged

        /// Whether a run killed in this state left the service between two versions.
        public var isUnfinished: Bool { self == .replacing || self == .rollingBack }
    }

    public var service: String
    /// The service's first profile ("" when it has none).
    public var profile: String
    /// The image reference of the compose file (`127.0.0.1:5000/app:stable`): the tag that moves.
    public var image: String
    /// The image ID the service ran before the run.
    public var fromImage: String?
    /// `repo@sha256:...` of `fromImage`, when it came from a registry.
    public var fromDigest: String?
    /// The service was healthy on `fromImage` when the run began: it is a last-good to return to.
    public var fromHealthy: Bool
    public var toImage: String?
    public var toDigest: String?
    public var status: Status
    /// "passed", or why the gate failed.
    public var gate: String?

    public init(service: String, profile: String, image: String, fromImage: String?, fromDigest: String?, fromHealthy: Bool,
                toImage: String?, toDigest: String?, status: Status, gate: String?) {
        self.service = service
        self.profile = profile
        self.image = image
        self.fromImage = fromImage
        self.fromDigest = fromDigest
        self.fromHealthy = fromHealthy
        self.toImage = toImage
        self.toDigest = toDigest
        self.status = status
        self.gate = gate
    }
}
