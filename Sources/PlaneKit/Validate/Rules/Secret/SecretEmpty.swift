/// secret.empty: a secret file holds a value (an empty file is accepted by Docker and breaks the
/// service at its first login).
struct SecretEmpty: LintRule {
    static let id = "secret.empty"
    static let severity = Severity.error
    static let summary = "A secret file is empty or only whitespace."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard let bytes = context.facts(secret).bytes,
                  bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { continue }
            findings.report(Self.self, .empty(secret.name, file: context.display(secret.path)), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func empty(_ name: String, file: String) -> LintMessage {
        LintMessage("secret \(name): \(file) is empty", hint: "write the value to \(file)")
    }
}
