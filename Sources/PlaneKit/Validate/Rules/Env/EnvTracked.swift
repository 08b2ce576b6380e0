/// env.tracked: env files are not in git (`.env` holds host settings and, for some images,
/// credentials; the spec: never commit `.env`).
struct EnvTracked: LintRule {
    static let id = "env.tracked"
    static let severity = Severity.error
    static let summary = "An env file in use is tracked by git."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        guard let git = context.git else { return }
        for use in context.envFiles where git.tracked.contains(use.path) {
            findings.report(Self.self, .tracked(context.display(use.path)), at: context.location(in: use.path),
                            service: use.service, subject: context.display(use.path))
        }
    }
}

extension LintMessage {
    fileprivate static func tracked(_ file: String) -> LintMessage {
        LintMessage("\(file) is tracked by git", hint: "git rm --cached \(file), keep it ignored, and rotate any credential it held")
    }
}
