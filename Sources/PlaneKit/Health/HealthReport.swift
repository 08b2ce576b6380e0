/// What one `plane health` run found: every result, after the root-cause collapse, and its verdict.
public struct HealthReport: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        /// No check failed (skips, with their reasons, are allowed: nothing unconfigured passes silently).
        case proven
        /// At least one check failed.
        case failed
    }

    public var project: String
    public var services: [String]
    public var results: [HealthResult]
    public var seconds: Double

    public init(project: String, services: [String], results: [HealthResult], seconds: Double) {
        self.project = project
        self.services = services
        self.results = results
        self.seconds = seconds
    }

    public var verdict: Verdict { results.contains { $0.status == .fail } ? .failed : .proven }
    public var failures: [HealthResult] { results.filter { $0.status == .fail } }
    public func count(_ status: HealthResult.Status) -> Int { results.filter { $0.status == status }.count }
}

/// The seam through which a deployment (`plane up --verify`) or an upgrade gates on `plane health`:
/// PlaneKit holds no HTTP; the `HealthProbe` module implements it (`HealthRun`).
public protocol HealthVerifying: Sendable {
    /// Runs every check on `services` of `project` (empty: the project's services that have containers)
    /// within `timeout` seconds; never throws: what could not be checked is a failed result.
    func verify(project: ResolvedProject, services: [String], timeout: Double) async -> HealthReport
}
