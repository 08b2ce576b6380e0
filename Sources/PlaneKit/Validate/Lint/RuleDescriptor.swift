/// What a lint rule is, for `docs/LINT.md`, SARIF's rule table and `accept` entries.
public struct RuleDescriptor: Sendable, Hashable {
    /// Stable id (`env.missing-file`): never renamed, so CI configurations and accept lists keep working.
    public var id: String
    public var severity: Severity
    /// What the rule checks, in one line.
    public var summary: String
}
