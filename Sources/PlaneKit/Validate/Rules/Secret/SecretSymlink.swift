/// secret.symlink: a secret is the file itself, not a link (a link can lead outside the secrets
/// folder, to a file with other permissions, or nowhere).
struct SecretSymlink: LintRule {
    static let id = "secret.symlink"
    static let severity = Severity.warning
    static let summary = "A secret's path is a symbolic link (its target is named by path)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            let facts = context.facts(secret)
            guard case .success(let entry) = facts.entry, entry.kind == .symlink else { continue }
            findings.report(Self.self, .link(secret.name, file: context.display(secret.path), target: facts.linkTarget ?? "?"),
                            at: secret.location, service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func link(_ name: String, file: String, target: String) -> LintMessage {
        LintMessage("secret \(name): \(file) is a symbolic link to \(target)",
                    hint: "put the file itself at \(file) (mode 0600), so its permissions are the ones lint checks")
    }
}
