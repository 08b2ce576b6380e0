/// env.not-ignored: env files are git-ignored, so `git add -A` cannot commit them.
struct EnvNotIgnored: LintRule {
    static let id = "env.not-ignored"
    static let severity = Severity.warning
    static let summary = "An env file in use is neither tracked nor ignored by git (the next `git add -A` commits it)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        guard let git = context.git else { return }
        for use in context.envFiles where git.unignored.contains(use.path) {
            findings.report(Self.self, .unignored(context.display(use.path)), at: context.location(in: use.path),
                            service: use.service, subject: context.display(use.path))
        }
    }
}

extension LintMessage {
    fileprivate static func unignored(_ file: String) -> LintMessage {
        LintMessage("\(file) is not ignored by git", hint: "add it (or `**/.env`) to .gitignore")
    }
}
