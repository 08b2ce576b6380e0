/// secret.not-a-file: a secret's path is a regular file, not a directory (what Docker creates in
/// place of a missing bind source on some hosts), a FIFO, a socket or a device.
struct SecretNotAFile: LintRule {
    static let id = "secret.not-a-file"
    static let severity = Severity.error
    static let summary = "A secret's path is a directory (as Docker leaves behind for a missing file), a FIFO, a socket or a device."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard let status = context.facts(secret).status, status.kind != .regular else { continue }
            findings.report(Self.self, .notAFile(secret.name, file: context.display(secret.path), kind: status.kind), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func notAFile(_ name: String, file: String, kind: FileStatus.Kind) -> LintMessage {
        let why = kind == .directory ? " (Docker creates one when a bind-mount source is missing)" : ""
        return LintMessage("secret \(name): \(file) is a \(kind.name), not a regular file\(why)",
                           hint: "replace it with a regular file holding the value (mode 0600)")
    }
}
