import DockerEngine
import PlaneKit

/// What a daily command (logs, ps, start, stop, restart, pull) acts on: the services named, else
/// the profiles asked for (`--profile`, COMPOSE_PROFILES) with what they pull in, else the whole
/// project. A service or profile the project does not have is an error (exit 2) naming the
/// nearest one, never an empty answer.
struct ServiceScope {
    var project: ResolvedProject
    /// In start order (dependencies first).
    var services: [String]
    /// Whether a service or a profile narrowed the scope (else: every container of the project).
    var narrowed: Bool

    static func resolve(_ flags: ProjectFlags, services named: [String], withDependencies: Bool = false) throws -> ServiceScope {
        let project = try ProjectLoading.load(flags.allProfiles)
        let profiles = flags.requestedProfiles(environment: Environment.current)
        let everything = profiles.isEmpty && named.isEmpty
        let selection = try Self.exiting {
            try ServiceSelection.resolve(
                project: project, order: try ProfileOrder.of(project), profiles: everything ? ["*"] : profiles,
                services: named, withDependencies: withDependencies)
        }
        return ServiceScope(project: project, services: selection.services, narrowed: !everything)
    }

    /// Only the service names, checked, without deciding an order (ps, logs: a cheap load).
    static func check(_ flags: ProjectFlags, services named: [String]) throws -> Set<String>? {
        let profiles = flags.requestedProfiles(environment: Environment.current)
        guard !named.isEmpty || !profiles.isEmpty else { return nil }
        return Set(try resolve(flags, services: named).services)
    }

    private static func exiting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlanError {
            ErrorReporter.report(error)
            throw PlaneExit.invalidProject
        }
    }

    /// The project's containers (compose's project label; one-off containers left out), by service.
    /// `reporting: false` leaves an engine error to the caller (thrown as is, not yet reported).
    static func containers(of name: String, client: Engine.Client, all: Bool, reporting: Bool = true) async throws -> [Engine.ContainerSummary] {
        let list = { try await client.listContainers(all: all, filters: Engine.Filters.label(ComposeLabel.project, name)) }
        return try await (reporting ? ErrorReporter.exiting(list) : list())
            .filter { $0.labels?[ComposeLabel.oneoff] != "True" }
            .sorted { ($0.name ?? "") < ($1.name ?? "") }
    }
}

extension Engine.ContainerSummary {
    var service: String { labels?[ComposeLabel.service] ?? "" }
    /// compose's log prefix: the container name without the project (`radarr-1`).
    func shortName(project: String) -> String {
        let full = name ?? String(id.prefix(12))
        return full.hasPrefix(project + "-") ? String(full.dropFirst(project.count + 1)) : full
    }
}
