/// Where rules put their findings while lint runs.
struct FindingCollector {
    private(set) var findings: [Finding] = []

    mutating func report<Rule: LintRule>(_ rule: Rule.Type, _ message: LintMessage, at location: SourceLocation?,
                                         service: String? = nil, subject: String? = nil) {
        findings.append(Finding(rule: Rule.id, severity: Rule.severity, location: location, service: service,
                                subject: subject, message: message.text, hint: message.hint))
    }
}
