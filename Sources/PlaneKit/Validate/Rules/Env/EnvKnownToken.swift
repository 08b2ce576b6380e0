/// env.known-token: no value anywhere (env files, their `.env.example`, `environment:`) has the
/// shape of a real credential: GitHub/GitLab/Slack/AWS/Stripe/Google tokens, JWTs, PEM private keys.
struct EnvKnownToken: LintRule {
    static let id = "env.known-token"
    static let severity = Severity.error
    static let summary = "A value has the shape of a known credential (ghp_, glpat-, xox[bap]-, AKIA, JWT, PEM private key...)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for site in context.valueSites {
            guard let kind = KnownTokenFormat.firstMatch(in: site.value) else { continue }
            findings.report(Self.self, .token(site.key, kind: kind), at: site.location, service: site.service, subject: site.key)
        }
        var examples = Set<String>()
        for use in context.envFiles {
            guard let (path, example) = context.example(for: use), examples.insert(path).inserted else { continue }
            for assignment in example.assignments where assignment.hasValue {
                guard let kind = KnownTokenFormat.firstMatch(in: assignment.value) else { continue }
                findings.report(Self.self, .token(assignment.key, kind: kind), at: assignment.location, service: use.service,
                                subject: assignment.key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func token(_ key: String, kind: String) -> LintMessage {
        LintMessage("\(key) holds what looks like a \(kind)",
                    hint: "move it to a file secret (secrets: + \(key)_FILE=/run/secrets/NAME); if it was ever committed, revoke it")
    }
}
