/// env.secret-in-compose: no credential is written in a compose file's `environment:` (compose
/// files are committed: the value is in git's history for good).
struct EnvSecretInCompose: LintRule {
    static let id = "env.secret-in-compose"
    static let severity = Severity.error
    static let summary = "A compose file's `environment:` gives a credential-named key a literal value (committed to git)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for site in context.valueSites where site.inComposeFile && EnvSecretValue.isCredential(site) {
            findings.report(Self.self, .inCompose(site.key), at: site.location, service: site.service, subject: site.key)
        }
    }
}

extension LintMessage {
    fileprivate static func inCompose(_ key: String) -> LintMessage {
        LintMessage("\(key) holds a credential written in a compose file",
                    hint: "move it to a file secret (secrets: + \(key)_FILE=/run/secrets/NAME) and rotate it: it is in git's history")
    }
}
