/// env.placeholder: no value is a stand-in (`changeme`, `xxx`, `<token>`, `TODO`, an unexpanded
/// `__GENERATE_HEX64__`), in env files or in `environment:`.
struct EnvPlaceholder: LintRule {
    static let id = "env.placeholder"
    static let severity = Severity.error
    static let summary = "A value is a placeholder (`changeme`, `xxx`, `<...>`, `TODO`, `your-...-here`, `__MARKER__`)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for site in context.valueSites where PlaceholderValue.matches(site.value) {
            findings.report(Self.self, .placeholder(site.key), at: site.location, service: site.service, subject: site.key)
        }
    }
}

extension LintMessage {
    fileprivate static func placeholder(_ key: String) -> LintMessage {
        LintMessage("\(key) still holds a placeholder value", hint: "replace it with the real value before deploying")
    }
}
