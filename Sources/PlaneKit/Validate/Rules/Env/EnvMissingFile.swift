/// env.missing-file: every env file the selected services need exists, and so does the project
/// `.env` when the project documents one with a `.env.example`.
struct EnvMissingFile: LintRule {
    static let id = "env.missing-file"
    static let severity = Severity.error
    static let summary = "An env file the selected profiles need (an `env_file` entry, `ENV_*` pointers resolved, or the project .env) is missing."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for problem in context.project.inputProblems {
            guard case .missingEnvFile(let path) = problem.kind, let service = problem.service,
                  context.serviceNames.contains(service) else { continue }
            let example = FileSystem.kind(path + ".example") == .regular ? context.display(path + ".example") : nil
            findings.report(Self.self, .missing(context.display(path), kind: FileSystem.kind(path), example: example),
                            at: problem.error.location, service: service, subject: context.display(path))
        }
        let project = context.project
        let dotenv = PathRules.join(project.workingDirectory, ".env")
        let example = dotenv + ".example"
        if project.interpolationEnvFiles.isEmpty, FileSystem.kind(dotenv) == .missing, FileSystem.kind(example) == .regular {
            findings.report(Self.self, .projectDotenv(context.display(dotenv), example: context.display(example)),
                            at: context.location(in: example), subject: context.display(dotenv))
        }
    }
}

extension LintMessage {
    fileprivate static func missing(_ file: String, kind: FileSystem.Kind, example: String?) -> LintMessage {
        let what = kind == .missing ? "does not exist" : "is not a regular file"
        let hint = example.map { "copy \($0) to \(file) and fill it in (scripts/stack-init.sh does it)" }
            ?? "create \(file), point the ENV_* variable at the right file, or mark the entry `required: false`"
        return LintMessage("env file \(file) \(what)", hint: hint)
    }

    fileprivate static func projectDotenv(_ file: String, example: String) -> LintMessage {
        LintMessage("the project env file \(file) does not exist: interpolation falls back to defaults and the shell",
                    hint: "copy \(example) to \(file) and adapt it (scripts/stack-init.sh does it)")
    }
}
