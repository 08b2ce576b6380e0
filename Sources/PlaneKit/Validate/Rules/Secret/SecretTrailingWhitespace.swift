/// secret.trailing-whitespace: a secret ends with its value, or with one newline; anything more
/// (blank lines, a CR, spaces) becomes part of the secret for many readers.
struct SecretTrailingWhitespace: LintRule {
    static let id = "secret.trailing-whitespace"
    static let severity = Severity.warning
    static let summary = "A secret file has whitespace after its value beyond one final newline (a CR, blanks, blank lines)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for secret in context.secrets {
            guard var bytes = context.facts(secret).bytes, CiphertextFormat.detect(bytes) == nil,
                  !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { continue }
            if bytes.last == 0x0A { bytes.removeLast() }
            guard let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D else { continue }
            findings.report(Self.self, .trailing(secret.name, file: context.display(secret.path)), at: secret.location,
                            service: secret.service, subject: secret.name)
        }
    }
}

extension LintMessage {
    fileprivate static func trailing(_ name: String, file: String) -> LintMessage {
        LintMessage("secret \(name): \(file) has stray whitespace after its value",
                    hint: "keep the value and at most one final newline (printf '%s' VALUE > \(file))")
    }
}
