import ArgumentParser
import PlaneKit
#if canImport(Glibc)
import Glibc
#endif

/// `plane lint`: pre-flight checks of env files, secrets and security posture on the resolved
/// project, every finding traced to its file and line (rules: docs/LINT.md).
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check env files, secrets and security posture before deploying.",
        discussion: "Exit status: 0 clean (warnings allowed), 1 findings at error level (or any finding with --strict), 2 the project could not be loaded.")

    @OptionGroup(title: "Project") var project: ProjectFlags

    @Option(help: "Output format: text, json or sarif.") var format: LintFormat = .text
    @Flag(help: "Fail on warnings too.") var strict = false
    @Argument(help: "Services to lint (default: every service the selected profiles enable).") var services: [String] = []

    func run() throws {
        let resolved = try ProjectLoading.load(project, recordingInputProblems: true)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        for profile in project.requestedProfiles(environment: Environment.current) where profile != "*" && !resolved.allProfiles.contains(profile) {
            ErrorReporter.report(LoadError(.undefinedReference, "no service is in profile \(profile)",
                                           hint: Suggestion.hint(for: profile, among: resolved.allProfiles)
                                               ?? "profiles of this project: \(resolved.allProfiles.joined(separator: ", "))"))
            throw PlaneExit.invalidProject
        }
        let known = resolved.services.keys + resolved.disabledServices.keys
        for name in services where !known.contains(name) {
            ErrorReporter.report(LoadError(.undefinedReference, "no such service: \(name)", hint: Suggestion.hint(for: name, among: known)))
            throw PlaneExit.invalidProject
        }
        let report = Linter.lint(project: resolved, options: LintOptions(services: services))
        switch format {
        case .text: ErrorReporter.writeStdout(LintTextRenderer.render(report, strict: strict, color: colorOnStdout))
        case .json: ErrorReporter.writeStdout(LintJSONRenderer.render(report, strict: strict))
        case .sarif: ErrorReporter.writeStdout(LintSARIFRenderer.render(report))
        }
        if report.failed(strict: strict) { throw PlaneExit.failure }
    }

    private var colorOnStdout: Bool { ErrorReporter.colorAllowed(on: 1) }
}
