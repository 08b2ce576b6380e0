/// secret.not-ignored: secret files are git-ignored, so `git add -A` cannot commit them.
struct SecretNotIgnored: LintRule {
    static let id = "secret.not-ignored"
    static let severity = Severity.warning
    static let summary = "A secret file is neither tracked nor ignored by git (the next `git add -A` commits it)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        guard let git = context.git else { return }
        for secret in context.secrets where git.unignored.contains(secret.path) {
            findings.report(Self.self, .unignored(secret.name, file: context.display(secret.path)), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func unignored(_ name: String, file: String) -> LintMessage {
        LintMessage("secret \(name): \(file) is not ignored by git", hint: "ignore it in .gitignore (e.g. **/secrets/* with !**/secrets/README.md)")
    }
}
