/// The pre-flight check `plane up` runs before it touches the engine: lint the project it is about
/// to deploy and refuse when lint finds errors (or warnings, when strict).
///
/// ```swift
/// let verdict = try LintGate.check(options, services: names, strict: strict)
/// guard verdict.allowsDeploy else { render(verdict.report); throw PlaneExit.failure }
/// ```
public enum LintGate {
    public struct Verdict: Sendable {
        public var report: LintReport
        public var strict: Bool
        /// False when the deploy must not start.
        public var allowsDeploy: Bool { !report.failed(strict: strict) }
        /// The findings that block the deploy (errors, plus warnings when strict).
        public var blocking: [Finding] { report.findings.filter { $0.severity == .error || strict } }
    }

    /// Loads the project in lint mode (missing env files and unset `${VAR:?}` become findings),
    /// then lints the services `up` would start. Throws when the project cannot be loaded at all.
    public static func check(_ projectOptions: ProjectOptions, services: [String] = [], strict: Bool = false,
                             options: LintOptions = LintOptions()) throws(LoadError) -> Verdict {
        var lintOptions = options
        lintOptions.services = services
        return Verdict(report: try Linter.lint(projectOptions, options: lintOptions), strict: strict)
    }

    /// Lints a project `up` already loaded (normally: a missing env file has then already failed the load).
    public static func check(project: ResolvedProject, services: [String] = [], strict: Bool = false,
                             options: LintOptions = LintOptions()) -> Verdict {
        var lintOptions = options
        lintOptions.services = services
        return Verdict(report: Linter.lint(project: project, options: lintOptions), strict: strict)
    }
}
