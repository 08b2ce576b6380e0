/// env.unquoted-space: a value holding blanks is quoted (compose keeps them; a shell sourcing the
/// file, or another reader, splits the value).
struct EnvUnquotedSpace: LintRule {
    static let id = "env.unquoted-space"
    static let severity = Severity.warning
    static let summary = "An unquoted env value contains blanks."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path) else { continue }
            for assignment in scan.assignments where assignment.hasValue && assignment.quote == nil
                && assignment.value.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 }) {
                findings.report(Self.self, .unquoted(assignment.key), at: assignment.location, service: use.service, subject: assignment.key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func unquoted(_ key: String) -> LintMessage {
        LintMessage("the value of \(key) contains blanks but is not quoted", hint: "quote it: \(key)=\"...\"")
    }
}
