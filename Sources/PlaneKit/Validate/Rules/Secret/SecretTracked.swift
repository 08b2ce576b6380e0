/// secret.tracked: secret files are not in git (the spec: never commit the content of secrets/).
struct SecretTracked: LintRule {
    static let id = "secret.tracked"
    static let severity = Severity.error
    static let summary = "A secret file is tracked by git."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        guard let git = context.git else { return }
        for secret in context.secrets where git.tracked.contains(secret.path) {
            findings.report(Self.self, .tracked(secret.name, file: context.display(secret.path)), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func tracked(_ name: String, file: String) -> LintMessage {
        LintMessage("secret \(name): \(file) is tracked by git",
                    hint: "git rm --cached \(file), ignore it (**/secrets/*), and rotate the secret: it is in git's history")
    }
}
