/// env.lowercase-key: env keys are upper case (the convention every image documents; a lower-case
/// key is most often a typo of the real one).
struct EnvLowercaseKey: LintRule {
    static let id = "env.lowercase-key"
    static let severity = Severity.warning
    static let summary = "An env file key has lower-case letters."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for use in context.envFiles {
            guard let scan = context.scan(use.path) else { continue }
            var reported = Set<String>()
            for assignment in scan.assignments where assignment.key.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A })
                && reported.insert(assignment.key).inserted {
                findings.report(Self.self, .lowercase(assignment.key), at: assignment.location, service: use.service, subject: assignment.key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func lowercase(_ key: String) -> LintMessage {
        LintMessage("\(key) has lower-case letters", hint: "use \(key.uppercased()) unless the image documents this exact spelling")
    }
}
