import DockerEngine
import Foundation
import PlaneKit

/// `plane health` as a library call (the `HealthVerifying` seam of PlaneKit): every check of issue 10 on
/// a set of services, concurrent where independent, bounded by one deadline, one root cause reported
/// once. `plane health`, `plane up --verify` and the upgrade gate all call `verify`.
public struct HealthRun: HealthVerifying {
    public let engine: any ContainerEngine
    public var hostname: String

    public init(engine: any ContainerEngine, hostname: String = HealthRun.machineHostname()) {
        self.engine = engine
        self.hostname = hostname
    }

    /// The `x-plane.health` block of the project, with its problems (file:line:column).
    public func configuration(of project: ResolvedProject) -> (HealthConfiguration, [(HealthConfiguration.Problem, SourceLocation?)]) {
        HealthConfiguration.read(project.extensions, projectDirectory: project.workingDirectory, hostname: hostname)
    }

    public func verify(project: ResolvedProject, services: [String], timeout: Double) async -> HealthReport {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(timeout * 1000))
        let selected = services.isEmpty ? project.services.keys.sorted() : services
        let (configuration, problems) = configuration(of: project)
        var results = HealthConfiguration.results(configuration, problems: problems)

        // Containers first: Traefik's expected load balancer needs each container's address.
        let first: [String: Engine.ContainerInspect]
        do {
            first = try await inspect(project: project.name, services: selected)
        } catch {
            results.append(.fail("engine", nil, "the containers could not be read: \(describe(error))"))
            return HealthReport(project: project.name, services: selected, results: results, seconds: Self.seconds(since: start))
        }
        let targets = selected.map { name in
            let labels = Self.labels(project.services[name]?["labels"])
            return TraefikProbe.Target(service: name, labels: labels, address: first[name].flatMap { Self.address($0, labels: labels) })
        }

        async let edge: ([HealthResult], Set<String>) = {
            guard let traefik = configuration.traefik else {
                let crowdsec = configuration.crowdsec == nil ? []
                    : [HealthResult.skip(EnforcementCheck.check, nil, "x-plane.health.traefik is not configured: enforcement is probed through Traefik")]
                return (crowdsec, [])
            }
            let (traefikResults, raw, protected) = await TraefikProbe(configuration: traefik, deadline: deadline).run(project: project.name, targets: targets)
            var out = traefikResults + Self.outpostRoot(traefikResults, raw: raw)
            if let crowdsec = configuration.crowdsec {
                out += await CrowdSecEnforcement(configuration: crowdsec, entrypoint: traefik.entrypoint, deadline: deadline).run(raw: raw)
            }
            return (out, protected)
        }()
        async let export: [HealthResult] = {
            guard let alloy = configuration.alloy else { return [] }
            return await AlloyProbe(configuration: alloy, deadline: deadline).run()
        }()
        let (edgeResults, protected) = await edge
        let exportResults = await export

        // The second inspect: a restart count that moved during the run is a restart loop.
        let last = (try? await inspect(project: project.name, services: selected)) ?? [:]
        let containers = selected.map { ContainerCheck.evaluate(service: $0, first: first[$0], last: last[$0]) }
        results += containers + edgeResults + exportResults
        let failedContainers = Set(containers.filter { $0.status == .fail }.compactMap(\.service))
        results = RootCause.collapse(results, roots: RootCause.run(protectedRouters: protected, failedContainers: failedContainers))
        return HealthReport(project: project.name, services: selected, results: results, seconds: Self.seconds(since: start))
    }

    /// Inspects sent at once: as many as the transport keeps idle handles (and connections) for, so each
    /// request after the first four reuses one. All 28 at once cost a thread and a curl handle each and
    /// raised `plane health`'s peak RSS; the engine answers them no slower four at a time.
    static let inspectsInFlight = 4

    /// One inspect per service's container (by compose's labels; one-off and `_plane-old` containers aside).
    func inspect(project: String, services: [String]) async throws -> [String: Engine.ContainerInspect] {
        let containers = try await engine.listContainers(all: true, filters: Engine.Filters.label(ComposeLabel.project, project))
        var byService: [String: String] = [:]
        for c in containers where c.labels?[ComposeLabel.oneoff] != "True" && !(c.name ?? "").hasSuffix("_plane-old") {
            guard let service = c.labels?[ComposeLabel.service], services.contains(service), byService[service] == nil else { continue }
            byService[service] = c.id
        }
        let pairs = Array(byService)
        let inspects = try await pairs.concurrentMap(width: Self.inspectsInFlight) { [engine] pair in try await engine.inspectContainer(pair.value) }
        return Dictionary(uniqueKeysWithValues: zip(pairs.map(\.key), inspects))
    }

    /// A forward-auth server that is down makes every protected route answer 500: one root result for it.
    static func outpostRoot(_ results: [HealthResult], raw: TraefikRawData?) -> [HealthResult] {
        let down = ProxyAnswer.authServerDown.meaning
        let routes = results.filter { $0.check == RouteProbe.check && $0.status == .fail && $0.evidence.contains(down) }
        guard !routes.isEmpty else { return [] }
        let addresses = (raw?.middlewares.values ?? [:].values).filter { $0.type == "forwardauth" && !$0.name.lowercased().contains("crowdsec") }
            .compactMap { m in m.forwardAuthAddress.map { "\(m.name) -> \($0)" } }.sorted()
        return [.fail("authentik.outpost", nil, "the forward-auth server is unreachable: \(routes.count) protected route\(routes.count == 1 ? "" : "s") answer 500",
                      evidence: addresses)]
    }

    static func labels(_ node: Node?) -> [String: String] {
        var result: [String: String] = [:]
        if let map = node?.mapping {
            for entry in map.entries { result[entry.key] = entry.value.scalarText ?? "" }
        } else if let list = node?.sequence {
            for text in list.compactMap(\.scalarText) {
                if let eq = text.firstIndex(of: "=") { result[String(text[..<eq])] = String(text[text.index(after: eq)...]) } else { result[text] = "" }
            }
        }
        return result
    }

    /// The address Traefik's docker provider uses: on `traefik.docker.network`, else the only network
    /// (nil when ambiguous: the load balancer is then checked for an UP server only).
    public static func address(_ inspect: Engine.ContainerInspect, labels: [String: String]) -> String? {
        let networks = inspect.networkSettings?.networks ?? [:]
        if let name = labels["traefik.docker.network"] { return networks[name]?.ipAddress.flatMap { $0.isEmpty ? nil : $0 } }
        guard networks.count == 1 else { return nil }
        return networks.first?.value.ipAddress.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    public static func machineHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(cString: buffer)
    }
}
