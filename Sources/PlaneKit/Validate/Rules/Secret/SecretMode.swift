/// secret.mode: secret files are 0600 or 0400 (or stricter): readable by their owner only.
struct SecretMode: LintRule {
    static let id = "secret.mode"
    static let severity = Severity.error
    static let summary = "A secret file's mode lets others than its owner read it, or is executable (expected 0600 or 0400)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard let status = context.facts(secret).status, status.kind == .regular, status.mode & 0o177 != 0 else { continue }
            findings.report(Self.self, .mode(secret.name, file: context.display(secret.path), mode: status.octalMode),
                            at: secret.location, service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func mode(_ name: String, file: String, mode: String) -> LintMessage {
        LintMessage("secret \(name): \(file) has mode \(mode), expected 0600 or 0400", hint: "chmod 0600 \(file)")
    }
}
