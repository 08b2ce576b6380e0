/// env.unknown-key: an env file assigns only keys its `.env.example` knows (assigned, or documented
/// as a commented-out `# KEY=` line); anything else is most often a typo.
struct EnvUnknownKey: LintRule {
    static let id = "env.unknown-key"
    static let severity = Severity.warning
    static let summary = "A key of an `.env` is unknown to its `.env.example` (a typo, with the nearest known key suggested)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path), let (examplePath, example) = context.example(for: use) else { continue }
            let known = example.keys + example.commentedKeys
            let knownSet = Set(known)
            var reported = Set<String>()
            for assignment in scan.assignments where !knownSet.contains(assignment.key) && reported.insert(assignment.key).inserted {
                findings.report(Self.self, .unknown(assignment.key, example: context.display(examplePath),
                                                    suggestion: Suggestion.nearest(assignment.key, among: known)),
                                at: assignment.location, service: use.service, subject: assignment.key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func unknown(_ key: String, example: String, suggestion: String?) -> LintMessage {
        LintMessage("\(key) is not documented in \(example)",
                    hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "document it in \(example), or remove it")
    }
}
