/// secret.missing-file: the file of every mounted file secret exists (compose only warns, and
/// Docker may then bind-mount an empty directory in its place).
struct SecretMissingFile: LintRule {
    static let id = "secret.missing-file"
    static let severity = Severity.error
    static let summary = "The file of a mounted secret does not exist."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard case .failure(let error) = context.facts(secret).entry, error.isMissing else { continue }
            findings.report(Self.self, .missing(secret.name, file: context.display(secret.path)), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func missing(_ name: String, file: String) -> LintMessage {
        LintMessage("secret \(name): file \(file) does not exist",
                    hint: "write the value to \(file) (one value, mode 0600, owned by the service's user); scripts/stack-init.sh creates placeholders")
    }
}
