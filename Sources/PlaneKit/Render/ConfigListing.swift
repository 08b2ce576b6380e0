/// The one-per-line listings of `config --services/--profiles/--images/--hash`.
public enum ConfigListing {
    /// Enabled services, dependencies first (ties by name).
    public static func services(_ project: ResolvedProject) -> [String] {
        DependencyGraph(services: project.services).startOrder()
    }

    /// Every profile any service names, enabled or not, sorted.
    public static func profiles(_ project: ResolvedProject) -> [String] { project.allProfiles }

    /// The image each enabled service runs; a service that only builds gets `<project>-<service>`.
    public static func images(_ project: ResolvedProject) -> [String] {
        project.services.entries.map { $0.value["image"]?.scalarText ?? [project.name, $0.key].joined(separator: project.separator) }
    }

    /// `name hash` for the named services (`*` for all), sorted by name as compose prints them:
    /// compose's own hash as `docker compose config --hash` computes it (`ComposeServiceHash`).
    public static func hashes(_ project: ResolvedProject, selection: String) -> Result<[String], LoadError> {
        let wanted = selection == "*" ? project.services.keys : selection.split(separator: ",").map(String.init)
        var lines: [String] = []
        for name in wanted.sorted() {
            guard project.services[name] != nil,
                  let hash = ComposeServiceHash.hash(service: name, in: project, flavor: .configCommand) else {
                return .failure(LoadError(.undefinedReference, "no such service: \(name)",
                                          hint: Suggestion.hint(for: name, among: project.services.keys)))
            }
            lines.append("\(name) \(hash)")
        }
        return .success(lines)
    }
}
