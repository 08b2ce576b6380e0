/// `plane lint`'s default output, one finding per line in the style of load errors:
///
/// ```
/// error[env.missing-file]: compose.yaml:63:15: radarr: env file applications/radarr/.env does not exist
///   hint: copy applications/radarr/.env.example to applications/radarr/.env and fill it in
/// plane lint: 1 error, 0 warnings (13 services, profiles: medias)
/// ```
public enum LintTextRenderer {
    public static func render(_ report: LintReport, strict: Bool, color: Bool = false) -> String {
        var text = ""
        for finding in report.findings {
            let label = finding.severity.rawValue
            let painted = color ? (finding.severity == .error ? "\u{1B}[31m\(label)\u{1B}[0m" : "\u{1B}[33m\(label)\u{1B}[0m") : label
            text += "\(painted)[\(finding.rule)]: "
            if let location = finding.location { text += "\(location): " }
            if let service = finding.service { text += "\(service): " }
            text += finding.message + "\n"
            if let hint = finding.hint { text += "  hint: \(hint)\n" }
        }
        for note in report.notes { text += "note: \(note)\n" }
        text += summary(report, strict: strict) + "\n"
        return text
    }

    public static func summary(_ report: LintReport, strict: Bool) -> String {
        let errors = report.errorCount, warnings = report.warningCount
        var line = "plane lint: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if !report.accepted.isEmpty { line += ", \(report.accepted.count) accepted" }
        let profiles = report.profiles.isEmpty ? "none" : report.profiles.joined(separator: ",")
        line += " (\(report.services.count) service\(report.services.count == 1 ? "" : "s"), profiles: \(profiles)"
        line += strict ? ", strict)" : ")"
        return line
    }
}
