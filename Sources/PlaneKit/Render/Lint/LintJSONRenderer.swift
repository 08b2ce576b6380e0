/// `plane lint --format json`: a stable document (docs/LINT.md, "JSON output"). Keys are always
/// present and in this order; absent values are null; findings are sorted by file, line, column, rule.
public enum LintJSONRenderer {
    public static let formatVersion = 1

    public static func render(_ report: LintReport, strict: Bool) -> String {
        JSONWriter.write(document(report, strict: strict))
    }

    static func document(_ report: LintReport, strict: Bool) -> Node {
        var summary = Mapping()
        summary["errors"] = .int(report.errorCount)
        summary["warnings"] = .int(report.warningCount)
        summary["accepted"] = .int(report.accepted.count)
        summary["failed"] = .bool(report.failed(strict: strict))

        var root = Mapping()
        root["version"] = .int(formatVersion)
        root["tool"] = .string("plane")
        root["project"] = .string(report.project)
        root["workingDirectory"] = .string(report.workingDirectory)
        root["profiles"] = .sequence(report.profiles.map { .string($0) })
        root["services"] = .sequence(report.services.map { .string($0) })
        root["strict"] = .bool(strict)
        root["summary"] = .mapping(summary)
        root["findings"] = .sequence(report.findings.map { finding($0) })
        root["accepted"] = .sequence(report.accepted.map { accepted in
            var node = finding(accepted.finding)
            node["reason"] = .string(accepted.reason)
            return node
        })
        root["notes"] = .sequence(report.notes.map { .string($0) })
        return .mapping(root)
    }

    static func finding(_ finding: Finding) -> Node {
        var m = Mapping()
        m["rule"] = .string(finding.rule)
        m["severity"] = .string(finding.severity.rawValue)
        m["file"] = finding.location.map { .string($0.file) } ?? .null
        m["line"] = finding.location.map { .int($0.line) } ?? .null
        m["column"] = finding.location.map { .int($0.column) } ?? .null
        m["service"] = finding.service.map { .string($0) } ?? .null
        m["subject"] = finding.subject.map { .string($0) } ?? .null
        m["message"] = .string(finding.message)
        m["hint"] = finding.hint.map { .string($0) } ?? .null
        return .mapping(m)
    }
}
