/// A documented exception, `x-plane.lint.accept` in compose.yaml: findings of `rule` (for
/// `service` and `subject` when given) are accepted, with the reason written next to them.
public struct LintAcceptance: Sendable, Hashable {
    public var rule: String
    public var service: String?
    public var subject: String?
    public var reason: String
    /// Where the entry is written (for a stale entry's warning).
    public var location: SourceLocation?

    public func matches(_ finding: Finding) -> Bool {
        finding.rule == rule
            && (service == nil || finding.service == service)
            && (subject == nil || finding.subject == subject)
    }
}
