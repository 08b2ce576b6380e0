/// env.secret-value: an env file does not hold a credential (a `*PASSWORD*`, `*TOKEN*`,
/// `*SECRET*`, `*_KEY`... key with a literal value): the value ends up in `docker inspect`, in
/// every process's environment and in crash dumps. A file secret does not.
struct EnvSecretValue: LintRule {
    static let id = "env.secret-value"
    static let severity = Severity.warning
    static let summary = "An env file gives a credential-named key (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*_KEY`) a literal value."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for site in context.valueSites where !site.inComposeFile && Self.isCredential(site) {
            findings.report(Self.self, .inEnvFile(site.key), at: site.location, service: site.service, subject: site.key)
        }
    }

    /// A credential-named key with a literal value that is neither a reference nor a setting, and
    /// not already reported as a placeholder or a known token.
    static func isCredential(_ site: ValueSite) -> Bool {
        SecretKeyName.looksSecret(site.key) && !site.value.isEmpty && !SecretKeyName.isReference(site.value)
            && !SecretKeyName.isPlainSetting(site.value) && !PlaceholderValue.matches(site.value)
            && KnownTokenFormat.firstMatch(in: site.value) == nil
    }
}

extension LintMessage {
    fileprivate static func inEnvFile(_ key: String) -> LintMessage {
        LintMessage("\(key) holds a credential in an env file",
                    hint: "move it to a file secret: declare it under secrets:, mount it, and set \(key)_FILE=/run/secrets/NAME "
                        + "(or the image's FILE__\(key) form)")
    }
}
