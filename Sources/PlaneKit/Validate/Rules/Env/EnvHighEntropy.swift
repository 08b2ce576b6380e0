/// env.high-entropy: a random-looking value under a name that does not say it is a credential
/// (the key-name rule covers those) is most often a key nobody labelled.
struct EnvHighEntropy: LintRule {
    static let id = "env.high-entropy"
    static let severity = Severity.warning
    static let summary = "A value looks randomly generated (long, high entropy) under a key that does not name a credential."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for site in context.valueSites where !SecretKeyName.looksSecret(site.key) && SecretEntropy.isHighEntropy(site.value)
            && KnownTokenFormat.firstMatch(in: site.value) == nil && !PlaceholderValue.matches(site.value) {
            findings.report(Self.self, .random(site.key), at: site.location, service: site.service, subject: site.key)
        }
    }
}

extension LintMessage {
    fileprivate static func random(_ key: String) -> LintMessage {
        LintMessage("the value of \(key) looks like a generated secret",
                    hint: "if it is one, move it to a file secret (secrets: + \(key)_FILE=/run/secrets/NAME); otherwise accept it in x-plane.lint.accept")
    }
}
