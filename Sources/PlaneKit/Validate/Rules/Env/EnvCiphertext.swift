/// env.ciphertext: an env file is not still encrypted (git-crypt, SOPS, age, Ansible Vault):
/// compose would pass the ciphertext to the container as values.
struct EnvCiphertext: LintRule {
    static let id = "env.ciphertext"
    static let severity = Severity.error
    static let summary = "An env file is still encrypted (git-crypt, SOPS, age, Ansible Vault, OpenPGP)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let bytes = context.bytes(use.path), let format = CiphertextFormat.detect(bytes) else { continue }
            findings.report(Self.self, .encrypted(context.display(use.path), format: format), at: context.location(in: use.path),
                            service: use.service, subject: context.display(use.path))
        }
    }
}

extension LintMessage {
    fileprivate static func encrypted(_ file: String, format: String) -> LintMessage {
        LintMessage("\(file) is \(format) ciphertext", hint: "decrypt it before deploying (compose reads it as plain text)")
    }
}
