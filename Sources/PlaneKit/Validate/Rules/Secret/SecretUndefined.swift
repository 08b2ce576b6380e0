/// secret.undefined: every secret a selected service mounts is declared at the top level.
struct SecretUndefined: LintRule {
    static let id = "secret.undefined"
    static let severity = Severity.error
    static let summary = "A service mounts a secret the top-level `secrets:` does not declare."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        let declared = context.project.declaredSecrets.keys
        for problem in context.project.inputProblems {
            guard case .undefinedSecret(let name) = problem.kind, let service = problem.service,
                  context.serviceNames.contains(service) else { continue }
            findings.report(Self.self, .undefined(name, suggestion: Suggestion.nearest(name, among: declared)),
                            at: problem.error.location, service: service, subject: name)
        }
    }
}

extension LintMessage {
    fileprivate static func undefined(_ name: String, suggestion: String?) -> LintMessage {
        LintMessage("secret \(name) is not declared under the top-level secrets:",
                    hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "declare it: secrets: {\(name): {file: path/to/\(name)}}")
    }
}
