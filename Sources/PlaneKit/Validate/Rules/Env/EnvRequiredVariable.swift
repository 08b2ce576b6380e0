/// env.required-variable: every `${VAR:?}` / `${VAR?}` of the compose files can be satisfied.
/// Compose interpolates every file whatever the profiles, so one unset variable breaks them all.
struct EnvRequiredVariable: LintRule {
    static let id = "env.required-variable"
    static let severity = Severity.error
    static let summary = "A `${VAR:?}` (or `${VAR?}`) of the compose files is unset or empty: compose refuses the project."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        let dotenv = context.project.interpolationEnvFiles.last.map(context.display) ?? ".env"
        for problem in context.project.inputProblems {
            guard case .requiredVariable(let name) = problem.kind else { continue }
            findings.report(Self.self, .unset(name, dotenv: dotenv), at: problem.error.location,
                            service: problem.service, subject: name)
        }
    }
}

extension LintMessage {
    fileprivate static func unset(_ name: String, dotenv: String) -> LintMessage {
        LintMessage("required variable \(name) is unset or empty", hint: "set \(name) in \(dotenv) (see its .env.example) or in the environment")
    }
}
