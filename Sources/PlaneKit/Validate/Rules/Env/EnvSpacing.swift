/// env.spacing: `KEY=value`, with nothing around `=` (shells and `docker run --env-file` read
/// `KEY = value` differently from compose).
struct EnvSpacing: LintRule {
    static let id = "env.spacing"
    static let severity = Severity.warning
    static let summary = "Blanks around `=` in an env file (`KEY = value`)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path) else { continue }
            for assignment in scan.assignments where assignment.blankBeforeEquals || assignment.blankAfterEquals {
                findings.report(Self.self, .spaced(assignment.key), at: assignment.location, service: use.service, subject: assignment.key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func spaced(_ key: String) -> LintMessage {
        LintMessage("blank around the = of \(key)", hint: "write \(key)=value with nothing around =")
    }
}
