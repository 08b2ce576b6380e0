/// secret.owner: a secret file belongs to the user who reads it. Bind mounts ignore compose's
/// `uid`/`mode`, so a 0600 file must be owned by the uid the container runs as (`user:`); for a
/// service without a numeric `user:`, by the deploying user.
struct SecretOwner: LintRule {
    static let id = "secret.owner"
    static let severity = Severity.error
    static let summary = "A secret file is not owned by the uid that reads it (the service's numeric `user:`, else the deploying user)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard let status = context.facts(secret).status, status.kind == .regular else { continue }
            for service in secret.services {
                let expected = service.userID ?? context.options.currentUserID
                guard status.owner != expected else { continue }
                findings.report(Self.self, .owner(secret.name, file: context.display(secret.path), owner: status.owner,
                                                  expected: expected, service: service.name, declared: service.userID != nil),
                                at: secret.location, service: service.name, subject: secret.name)
                break
            }
        }
    }
}

extension LintMessage {
    fileprivate static func owner(_ name: String, file: String, owner: UInt32, expected: UInt32, service: String, declared: Bool) -> LintMessage {
        let who = declared ? "\(service) runs as uid \(expected)" : "the deploying user is uid \(expected)"
        return LintMessage("secret \(name): \(file) is owned by uid \(owner), but \(who)",
                           hint: "chown \(expected) \(file) (bind mounts ignore the secret's uid/mode)")
    }
}
