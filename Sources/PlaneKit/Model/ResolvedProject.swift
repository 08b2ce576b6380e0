/// A compose project after every stage of the loader: the model `docker compose config` prints,
/// with the location of every value kept for lint and plan messages.
public struct ResolvedProject: Sendable {
    public var name: String
    public var workingDirectory: String
    public var configFiles: [String]
    /// Enabled services in canonical form, by name.
    public var services: Mapping
    /// Services defined but switched off by profiles, in canonical form.
    public var disabledServices: Mapping
    public var networks: Mapping
    public var volumes: Mapping
    public var secrets: Mapping
    public var configs: Mapping
    /// Top-level `x-` keys, kept as written.
    public var extensions: Mapping
    public var profiles: [String]
    public var warnings: [LoadWarning]
    /// The variables interpolation saw. Values may be secret: never print them.
    public var environment: [String: String]
    /// The env files interpolation read (`--env-file`, else the project's `.env` when present).
    public var interpolationEnvFiles: [String] = []
    /// Each service's `env_file` entries (enabled and disabled services), in order.
    public var envFiles: [String: [EnvFileReference]] = [:]
    /// Top-level secrets as declared, used or not, with their `file` paths made absolute.
    public var declaredSecrets = Mapping()
    /// Top-level configs as declared, used or not, with their `file` paths made absolute.
    public var declaredConfigs = Mapping()
    /// Top-level models as declared (compose's YAML prints them; its JSON does not).
    public var models = Mapping()
    /// What a lint load recorded instead of failing (`ProjectOptions.recordsInputProblems`).
    public var inputProblems: [InputProblem] = []
    /// Between the project, service and number of a container's default name, and in the names
    /// derived from it (links, built images): `-`, or `_` with `--compatibility` (compose v1's names).
    public var separator = "-"

    /// A service's container's default name: `project-service-1` (`project_service_1` with `--compatibility`).
    public func containerName(_ service: String, number: Int = 1) -> String {
        [name, service, String(number)].joined(separator: separator)
    }

    /// The enabled services that share a container of one of `services` (`network_mode`/`ipc`/`pid:
    /// service:X`, `volumes_from: [X]`), directly or through another, sorted; `services` excluded.
    /// When X gets a new container they must be recreated with it (compose recreates them, and kept
    /// they would stay in the old container's network namespace).
    public func servicesSharing(_ services: Set<String>) -> [String] {
        var found = Set<String>()
        var frontier = services
        while !frontier.isEmpty {
            let next = self.services.entries.filter { entry in
                !services.contains(entry.key) && !found.contains(entry.key)
                    && !Set(ComposeServiceHash.referencedServices(entry.value)).isDisjoint(with: frontier)
            }.map(\.key)
            found.formUnion(next)
            frontier = Set(next)
        }
        return found.sorted()
    }

    /// Every profile named by any service, sorted.
    public var allProfiles: [String] {
        var set = Set<String>()
        for s in (services.entries + disabledServices.entries) {
            for p in s.value["profiles"]?.sequence ?? [] { if let t = p.scalarText { set.insert(t) } }
        }
        return set.sorted()
    }
}
