/// Lint's front door: a resolved project (and lint options) in, a report out. Every rule runs;
/// findings are collected, never thrown, so one broken file never hides the others.
public enum Linter {
    /// Loads the project recording input problems (a missing env file, an unset `${VAR:?}`, an
    /// undefined secret become findings instead of a failed load), then lints it. Throws only what
    /// makes linting impossible (invalid YAML, an invalid model).
    public static func lint(_ projectOptions: ProjectOptions, options: LintOptions = LintOptions()) throws(LoadError) -> LintReport {
        var recording = projectOptions
        recording.recordsInputProblems = true
        return lint(project: try ProjectLoader.load(recording), options: options)
    }

    /// Lints a loaded project. Names in `options.services` that the project does not define are
    /// ignored (the command checks them first).
    public static func lint(project: ResolvedProject, options: LintOptions = LintOptions()) -> LintReport {
        let (configuration, _) = LintConfiguration.read(project.extensions, knownRules: LintRules.ids)
        let services = selectedServices(project, names: options.services)
        let context = LintContext(project: project, configuration: configuration, services: services, options: options)

        var collector = FindingCollector()
        for rule in LintRules.all { rule.check(context, &collector) }

        var seen = Set<String>()
        var kept: [Finding] = []
        var accepted: [AcceptedFinding] = []
        for var finding in collector.findings {
            if let location = finding.location, location.file.hasPrefix("/") {
                finding.location = SourceLocation(file: context.display(location.file), line: location.line, column: location.column)
            }
            let key = "\(finding.rule)\u{0}\(finding.location?.description ?? "")\u{0}\(finding.subject ?? "")\u{0}\(finding.message)"
            guard seen.insert(key).inserted else { continue }
            if let index = configuration.accept.firstIndex(where: { $0.matches(finding) }) {
                accepted.append(AcceptedFinding(finding: finding, reason: configuration.accept[index].reason))
            } else {
                kept.append(finding)
            }
        }
        kept.sort(by: Finding.precedes)
        accepted.sort { Finding.precedes($0.finding, $1.finding) }

        return LintReport(project: project.name, workingDirectory: project.workingDirectory, profiles: project.profiles,
                          services: services.map(\.name), findings: kept, accepted: accepted, notes: context.notes)
    }

    /// The enabled services, or the named ones (enabled or not), sorted by name.
    static func selectedServices(_ project: ResolvedProject, names: [String]) -> [LintedService] {
        var result: [LintedService] = []
        if names.isEmpty {
            for entry in project.services.entries {
                result.append(LintedService(name: entry.key, node: entry.value, keyLocation: entry.keyLocation))
            }
        } else {
            for name in Set(names) {
                guard let entry = project.services.entry(name) ?? project.disabledServices.entry(name) else { continue }
                result.append(LintedService(name: name, node: entry.value, keyLocation: entry.keyLocation))
            }
        }
        return result.sorted { $0.name < $1.name }
    }
}
