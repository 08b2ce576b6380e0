/// env.empty-value: a key the example gives a value to, or a credential, is not left empty.
struct EnvEmptyValue: LintRule {
    static let id = "env.empty-value"
    static let severity = Severity.warning
    static let summary = "A key is empty although its `.env.example` sets a value, or it names a credential (`*TOKEN*`, `*PASSWORD*`...)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path) else { continue }
            let example = context.example(for: use)?.scan
            for assignment in scan.assignments where assignment.hasValue && assignment.value.isEmpty {
                guard scan.assignment(assignment.key)?.location == assignment.location else { continue }
                let documented = example?.assignment(assignment.key).map { !$0.value.isEmpty } ?? false
                let credential = SecretKeyName.looksSecret(assignment.key)
                guard documented || credential else { continue }
                findings.report(Self.self, .empty(assignment.key, credential: credential, interpolation: use.feedsInterpolation),
                                at: assignment.location,
                                service: use.service, subject: assignment.key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func empty(_ key: String, credential: Bool, interpolation: Bool) -> LintMessage {
        if credential {
            return LintMessage("\(key) is empty: the service starts without its credential",
                               hint: "fill in \(key) before deploying (docs/STACK.md, runbook step 3)")
        }
        return LintMessage("\(key) is empty but its example sets a value",
                           hint: interpolation ? "set \(key): the compose files read it" : "set \(key), or remove the line to take the image's default")
    }
}
