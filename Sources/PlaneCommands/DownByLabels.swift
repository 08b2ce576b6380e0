import PlaneKit

/// `plane -p NAME down` without usable compose files (issue 13 part 5): the project is found by
/// compose's `com.docker.compose.project` label alone, as `docker compose -p NAME down` finds it.
extension DownCommand {
    /// The project name given by `-p` or `COMPOSE_PROJECT_NAME`, when the compose files cannot be
    /// loaded (missing or broken); nil when they load, or when no name is given.
    func labelOnlyProject() -> (name: String, reason: String)? {
        let environment = Environment.current
        guard let name = project.projectName ?? environment["COMPOSE_PROJECT_NAME"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        let options = project.allProfiles.options(environment: environment)
        let loaded = Result { () throws(LoadError) -> ResolvedProject in try ProjectLoader.load(options) }
        guard case .failure(let error) = loaded else { return nil }
        return (name, error.description.split(separator: "\n").first.map(String.init) ?? "the compose files cannot be loaded")
    }

    /// Stops and removes every container of the project by label, then its labelled networks
    /// (volumes with -v), in reverse order of the containers' depends_on labels.
    func downByLabels(_ name: String, reason: String) async throws {
        let profiles = project.requestedProfiles(environment: Environment.current).filter { $0 != "*" }
        guard services.isEmpty, profiles.isEmpty else {
            ErrorReporter.note("\(reason)")
            ErrorReporter.note("naming services or profiles needs the compose files; without them `plane -p \(name) down` takes down the whole project")
            throw PlaneExit.invalidProject
        }
        ErrorReporter.note("compose files not used (\(reason)); taking down project \(name) by its labels")
        let client = try await engine.connect()
        let plan = try await ErrorReporter.exiting {
            try await Teardown.prepareFromLabels(project: name, engine: client, options: Teardown.Options(removeVolumes: volumes, timeout: timeout))
        }
        if dryRun {
            ErrorReporter.writeStdout(plan.text)
            return
        }
        for note in plan.notes { ErrorReporter.note(note) }
        let renderer = ProgressRenderer(format: format)
        if plan.operations.isEmpty {
            renderer.note("\(name): nothing to take down")
            return
        }
        // No files, so no environment to redact: the Engine's messages are shown as they are.
        try await execute(plan, project: name, redaction: EnvironmentRedaction(), profiles: [], engine: client, renderer: renderer)
    }
}
