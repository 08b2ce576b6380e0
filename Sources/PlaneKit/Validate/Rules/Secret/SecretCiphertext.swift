/// secret.ciphertext: a secret file is decrypted (git-crypt, SOPS, age, Ansible Vault, OpenPGP
/// ciphertext would be handed to the service as its secret).
struct SecretCiphertext: LintRule {
    static let id = "secret.ciphertext"
    static let severity = Severity.error
    static let summary = "A secret file is still ciphertext (git-crypt, SOPS, age, Ansible Vault, OpenPGP)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard let bytes = context.facts(secret).bytes, let format = CiphertextFormat.detect(bytes) else { continue }
            findings.report(Self.self, .encrypted(secret.name, file: context.display(secret.path), format: format),
                            at: secret.location, service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func encrypted(_ name: String, file: String, format: String) -> LintMessage {
        LintMessage("secret \(name): \(file) is \(format) ciphertext", hint: "decrypt it on the host before deploying")
    }
}
