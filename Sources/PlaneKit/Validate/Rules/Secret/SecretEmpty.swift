/// secret.empty: a secret file holds a value (an empty file is accepted by Docker and breaks the
/// service at its first login; a file of NUL bytes is a zeroed or truncated copy, not a value).
struct SecretEmpty: LintRule {
    static let id = "secret.empty"
    static let severity = Severity.error
    static let summary = "A secret file is empty, only whitespace or only NUL bytes."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard let bytes = context.facts(secret).bytes,
                  bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else { continue }
            let zeroed = bytes.contains(0)
            findings.report(Self.self, .empty(secret.name, file: context.display(secret.path), zeroed: zeroed), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func empty(_ name: String, file: String, zeroed: Bool) -> LintMessage {
        LintMessage("secret \(name): \(file) is \(zeroed ? "only NUL bytes" : "empty")", hint: "write the value to \(file)")
    }
}
