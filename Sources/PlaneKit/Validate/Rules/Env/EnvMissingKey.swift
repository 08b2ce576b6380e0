/// env.missing-key: every key an `.env.example` assigns is present in the env file made from it.
struct EnvMissingKey: LintRule {
    static let id = "env.missing-key"
    static let severity = Severity.error
    static let summary = "A key assigned in the `.env.example` is missing from its `.env`."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path), let (examplePath, example) = context.example(for: use) else { continue }
            let present = Set(scan.keys)
            for key in example.keys where !present.contains(key) {
                findings.report(Self.self, .missing(key, file: context.display(use.path), example: context.display(examplePath)),
                                at: example.assignment(key)?.location, service: use.service, subject: key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func missing(_ key: String, file: String, example: String) -> LintMessage {
        LintMessage("\(key) is documented in \(example) but missing from \(file)",
                    hint: "add \(key) to \(file) (the example's comments say what it takes)")
    }
}
