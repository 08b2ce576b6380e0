/// secret.unreadable: the deploying user can read every secret file (a dangling or looping link,
/// a permission problem, an I/O error).
struct SecretUnreadable: LintRule {
    static let id = "secret.unreadable"
    static let severity = Severity.error
    static let summary = "A secret file exists but cannot be read (dangling or looping link, permissions, I/O error)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            let facts = context.facts(secret)
            guard facts.exists else { continue }
            var failure: SystemError?
            if case .failure(let error) = facts.resolved { failure = error }
            if case .failure(let error)? = facts.content { failure = error }
            guard let failure else { continue }
            findings.report(Self.self, .unreadable(secret.name, file: context.display(secret.path), reason: failure.reason),
                            at: secret.location, service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func unreadable(_ name: String, file: String, reason: String) -> LintMessage {
        LintMessage("secret \(name): cannot read \(file): \(reason)", hint: "make \(file) a readable regular file (mode 0600, owned by the service's user)")
    }
}
