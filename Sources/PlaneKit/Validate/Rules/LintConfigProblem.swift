/// lint.config: the `x-plane.lint` block of compose.yaml reads as documented (a typo there would
/// silently keep a default, or accept nothing).
struct LintConfigProblem: LintRule {
    static let id = "lint.config"
    static let severity = Severity.error
    static let summary = "The `x-plane.lint` block has an unknown key, a wrong type, an accept entry without rule or reason, or an unknown rule id."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        let (_, problems) = LintConfiguration.read(context.project.extensions, knownRules: LintRules.ids)
        for (problem, location) in problems {
            findings.report(Self.self, .problem(problem), at: location)
        }
    }
}

extension LintMessage {
    fileprivate static func problem(_ problem: LintConfiguration.Problem) -> LintMessage {
        switch problem {
        case .notAMapping(let path):
            return LintMessage("\(path) must be a mapping", hint: "see docs/LINT.md, Configuration")
        case .unknownKey(let key, let suggestion):
            return LintMessage("x-plane.lint: unknown key \"\(key)\"",
                               hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "known keys: " + LintConfiguration.keys.joined(separator: ", "))
        case .notAStringList(let key):
            return LintMessage("x-plane.lint.\(key) must be a list of strings", hint: "see docs/LINT.md, Configuration")
        case .acceptEntry(let index, let missing):
            return LintMessage("x-plane.lint.accept[\(index)] has no \(missing)",
                               hint: "each entry is {rule: ID, service: NAME?, subject: KEY?, reason: WHY}")
        case .unknownRule(let rule, let suggestion):
            return LintMessage("x-plane.lint.accept: no rule \"\(rule)\"",
                               hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "rule ids are listed in docs/LINT.md")
        }
    }
}
