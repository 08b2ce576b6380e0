/// secret.unused: every declared secret is mounted by some service (of any profile); a leftover
/// declaration keeps a credential on disk that nothing uses.
struct SecretUnused: LintRule {
    static let id = "secret.unused"
    static let severity = Severity.warning
    static let summary = "A top-level secret is mounted by no service of any profile."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        var used = Set<String>()
        for entry in context.project.services.entries + context.project.disabledServices.entries {
            for mount in entry.value["secrets"]?.sequence ?? [] {
                if let source = mount["source"]?.scalarText { used.insert(source) }
            }
        }
        for entry in context.project.declaredSecrets.entries where !used.contains(entry.key) {
            findings.report(Self.self, .unused(entry.key), at: entry.keyLocation ?? entry.value.location, subject: entry.key)
        }
    }
}

extension LintMessage {
    fileprivate static func unused(_ name: String) -> LintMessage {
        LintMessage("secret \(name) is declared but no service mounts it", hint: "mount it where it is needed, or remove the declaration (and the file)")
    }
}
