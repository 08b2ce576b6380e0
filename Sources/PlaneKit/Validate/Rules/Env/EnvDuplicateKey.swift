/// env.duplicate-key: a key is assigned once per file (compose silently keeps the last value).
struct EnvDuplicateKey: LintRule {
    static let id = "env.duplicate-key"
    static let severity = Severity.warning
    static let summary = "A key is assigned twice in one env file; the later value silently wins."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path) else { continue }
            var first: [String: Int] = [:]
            for assignment in scan.assignments where assignment.hasValue {
                if let line = first[assignment.key] {
                    findings.report(Self.self, .repeated(assignment.key, firstLine: line), at: assignment.location,
                                    service: use.service, subject: assignment.key)
                } else {
                    first[assignment.key] = assignment.location.line
                }
            }
        }
    }
}

extension LintMessage {
    fileprivate static func repeated(_ key: String, firstLine: Int) -> LintMessage {
        LintMessage("\(key) is assigned again (first on line \(firstLine)); this later value wins",
                    hint: "keep one assignment of \(key)")
    }
}
