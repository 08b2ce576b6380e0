/// env.crlf: env files end lines with LF only (a CR becomes part of values for readers other than
/// compose, and of the last value of a quoted line).
struct EnvCRLF: LintRule {
    static let id = "env.crlf"
    static let severity = Severity.warning
    static let summary = "An env file has Windows (CR LF) line endings."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path), let line = scan.firstCRLFLine else { continue }
            findings.report(Self.self, .crlf(context.display(use.path)), at: context.location(in: use.path, line: line),
                            service: use.service, subject: context.display(use.path))
        }
    }
}

extension LintMessage {
    fileprivate static func crlf(_ file: String) -> LintMessage {
        LintMessage("\(file) has CR LF line endings (first here)", hint: "convert it to LF line endings (dos2unix, or sed -i 's/\\r$//')")
    }
}
