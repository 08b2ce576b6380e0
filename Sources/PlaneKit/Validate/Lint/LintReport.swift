/// What `plane lint` found in one project: the findings in output order, those accepted by
/// `x-plane.lint.accept`, and notes on checks that could not run.
public struct LintReport: Sendable {
    public var project: String
    public var workingDirectory: String
    public var profiles: [String]
    /// The services linted, sorted.
    public var services: [String]
    /// Sorted by file, line, column, rule.
    public var findings: [Finding]
    public var accepted: [AcceptedFinding]
    public var notes: [String]

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }

    /// Errors fail; warnings too under `--strict`.
    public func failed(strict: Bool) -> Bool {
        errorCount > 0 || (strict && warningCount > 0)
    }
}
