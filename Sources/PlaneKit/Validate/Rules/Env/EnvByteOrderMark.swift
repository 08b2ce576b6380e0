/// env.bom: env files do not start with a UTF-8 byte order mark (some readers make it part of the
/// first key).
struct EnvByteOrderMark: LintRule {
    static let id = "env.bom"
    static let severity = Severity.warning
    static let summary = "An env file starts with a UTF-8 byte order mark."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path), scan.hasByteOrderMark else { continue }
            findings.report(Self.self, .bom(context.display(use.path)), at: context.location(in: use.path),
                            service: use.service, subject: context.display(use.path))
        }
    }
}

extension LintMessage {
    fileprivate static func bom(_ file: String) -> LintMessage {
        LintMessage("\(file) starts with a UTF-8 byte order mark", hint: "save \(file) as UTF-8 without BOM")
    }
}
