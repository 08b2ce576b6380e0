/// secret.world-readable-dir: the folder holding a secret is not listable by every user of the host.
struct SecretWorldReadableFolder: LintRule {
    static let id = "secret.world-readable-dir"
    static let severity = Severity.warning
    static let summary = "The folder holding a secret file can be read (listed) by every user of the host."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        var reported = Set<String>()
        for secret in context.secrets {
            let folder = PathRules.dirname(secret.path)
            guard let status = context.facts(secret).folder, status.mode & 0o004 != 0, reported.insert(folder).inserted else { continue }
            findings.report(Self.self, .readable(secret.name, folder: context.display(folder), mode: status.octalMode),
                            at: secret.location, service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func readable(_ name: String, folder: String, mode: String) -> LintMessage {
        LintMessage("secret \(name): its folder \(folder) has mode \(mode), readable by every user",
                    hint: "chmod 0700 \(folder) (scripts/stack-init.sh does it)")
    }
}
