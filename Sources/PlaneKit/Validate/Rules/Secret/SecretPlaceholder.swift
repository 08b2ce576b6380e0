/// secret.placeholder: a secret file does not hold a stand-in (`changeme`, `xxx`, `<token>`...).
struct SecretPlaceholder: LintRule {
    static let id = "secret.placeholder"
    static let severity = Severity.error
    static let summary = "A secret file holds a placeholder (`changeme`, `xxx`, `<...>`, `TODO`...)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard let bytes = context.facts(secret).bytes, bytes.count <= 256, CiphertextFormat.detect(bytes) == nil,
                  PlaceholderValue.matches(String(decoding: bytes, as: UTF8.self)) else { continue }
            findings.report(Self.self, .placeholder(secret.name, file: context.display(secret.path)), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func placeholder(_ name: String, file: String) -> LintMessage {
        LintMessage("secret \(name): \(file) still holds a placeholder", hint: "write the real value to \(file)")
    }
}
