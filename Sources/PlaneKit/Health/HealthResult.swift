/// One result of `plane health`: what was checked, for which service, the verdict, why, and what was
/// seen. Rendered as a line of text or one JSON object (`--format json`).
public struct HealthResult: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case pass, fail, skip
    }

    /// The check's identifier, e.g. `traefik.api`, `traefik.route`, `crowdsec.enforcement`, `alloy.export`.
    public var check: String
    /// The compose service (or component, router) the result is about; nil for a stack-wide check.
    public var service: String?
    public var status: Status
    /// Why, in one sentence a person can act on ("blocked by traefik", "receiver rejects batches").
    public var cause: String
    /// What was observed: status codes, counter deltas, API errors. Never a secret.
    public var evidence: [String]

    public init(check: String, service: String? = nil, status: Status, cause: String, evidence: [String] = []) {
        self.check = check
        self.service = service
        self.status = status
        self.cause = cause
        self.evidence = evidence
    }

    public static func pass(_ check: String, _ service: String? = nil, _ cause: String, evidence: [String] = []) -> HealthResult {
        HealthResult(check: check, service: service, status: .pass, cause: cause, evidence: evidence)
    }

    public static func fail(_ check: String, _ service: String? = nil, _ cause: String, evidence: [String] = []) -> HealthResult {
        HealthResult(check: check, service: service, status: .fail, cause: cause, evidence: evidence)
    }

    public static func skip(_ check: String, _ service: String? = nil, _ cause: String, evidence: [String] = []) -> HealthResult {
        HealthResult(check: check, service: service, status: .skip, cause: cause, evidence: evidence)
    }
}
