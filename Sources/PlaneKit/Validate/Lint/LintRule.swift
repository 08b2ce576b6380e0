/// One lint check. Rules read the project through `LintContext` (which reads each file once) and
/// report into a `FindingCollector`; they never throw and never print.
protocol LintRule: Sendable {
    static var id: String { get }
    static var severity: Severity { get }
    static var summary: String { get }

    func check(_ context: LintContext, _ findings: inout FindingCollector)
}

extension LintRule {
    static var descriptor: RuleDescriptor { RuleDescriptor(id: id, severity: severity, summary: summary) }
}
