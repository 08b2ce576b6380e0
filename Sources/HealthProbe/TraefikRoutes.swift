import DockerEngine
import Foundation
import HTTPTransport
import PlaneKit

/// PlaneKit's `RouteWatching` over Traefik's API (`x-plane.health.traefik`): a start-first
/// replacement's new container is routed when its address is an UP server of the service its
/// labels' routers use (as the docker provider names them) and a request through the entrypoint
/// with the router's Host is answered; Traefik has handed over when, in one reading, no service lists
/// the old container's address and the new one's is UP. Polls `/api/rawdata` every 250 ms, bounded by the caller's timeout.
public struct TraefikRoutes: RouteWatching {
    let configuration: HealthConfiguration.Traefik
    let interval: Duration

    public init(configuration: HealthConfiguration.Traefik, interval: Duration = .milliseconds(250)) {
        self.configuration = configuration
        self.interval = interval
    }

    /// The project's Traefik, or nil when `x-plane.health.traefik` is not configured.
    public init?(project: ResolvedProject, hostname: String = HealthRun.machineHostname()) {
        let (configuration, _) = HealthConfiguration.read(project.extensions, projectDirectory: project.workingDirectory, hostname: hostname)
        guard let traefik = configuration.traefik else { return nil }
        self.init(configuration: traefik)
    }

    public func waitRouted(service: String, container: Engine.ContainerInspect, timeout: Duration) async -> RouteWait {
        let target: Target
        switch Target.of(service: service, container) {
        case .failure(let why): return .notRouted(why.text)
        case .success(let found): target = found
        }
        return await poll(timeout: timeout) { raw in
            guard let (router, name) = target.upIn(raw) else { return .notYet(target.notUp) }
            let evidence = "\(target.address) UP in \(name)"
            guard let entrypoint = configuration.entrypoint, let host = router.hosts.first else { return .holds(evidence) }
            switch await request(entrypoint, router: router, host: host) {
            case .success(let status): return .holds(evidence + ", GET \(router.probePath) Host \(host) through the entrypoint: \(status)")
            case .failure(let problem): return .notYet("\(evidence), but through the entrypoint: \(problem.text)")
            }
        }
    }

    public func waitHandedOver(service: String, from old: Engine.ContainerInspect, to new: Engine.ContainerInspect, timeout: Duration) async -> RouteWait {
        let addresses = Self.addresses(old, labels: old.config?.labels ?? [:])
        guard !addresses.isEmpty else { return .notRouted("it has no address on a network") }
        let address = addresses.sorted().joined(separator: " or ")
        let target: Target
        switch Target.of(service: service, new) {
        case .failure(let why): return .failed("the new container: \(why.text)")
        case .success(let found): target = found
        }
        return await poll(timeout: timeout) { raw in Self.handover(raw, old: addresses, new: target) }
    }

    /// One reading judged: the old addresses in no service, and the new container UP behind its router.
    static func handover(_ raw: TraefikRawData, old addresses: Set<String>, new target: Target) -> Reading {
        let address = addresses.sorted().joined(separator: " or ")
        let listing = raw.services.filter { $0.value.servers.contains { host(of: $0).map(addresses.contains) ?? false } }.keys.sorted()
        guard listing.isEmpty else { return .notYet("\(listing.joined(separator: ", ")) still lists \(address)") }
        guard let (_, name) = target.upIn(raw) else { return .notYet("no Traefik service lists \(address), but \(target.notUp)") }
        return .holds("no Traefik service lists \(address); \(target.address) UP in \(name)")
    }

    /// A container's routers (as the docker provider names them from its labels) and its addresses.
    struct Target {
        var routers: [ExpectedRouter]
        var addresses: Set<String>
        var address: String { addresses.sorted().joined(separator: " or ") }
        var notUp: String { "Traefik lists no UP server at \(address) for router " + routers.map(\.name).joined(separator: ", ") }

        static func of(service: String, _ container: Engine.ContainerInspect) -> Result<Target, RouteProblem> {
            let labels = container.config?.labels ?? [:]
            let routers = DockerRouters.derive(project: labels[ComposeLabel.project] ?? "", service: service, labels: labels).routers
            guard !routers.isEmpty else { return .failure(RouteProblem("no Traefik router in its labels")) }
            let addresses = TraefikRoutes.addresses(container, labels: labels)
            guard !addresses.isEmpty else { return .failure(RouteProblem("it has no address on a network")) }
            return .success(Target(routers: routers, addresses: addresses))
        }

        /// The first of its routers whose service lists one of its addresses as UP, and that service's name.
        func upIn(_ raw: TraefikRawData) -> (ExpectedRouter, String)? {
            for expected in routers {
                guard let router = raw.routers[expected.name] else { continue }
                let name = router.qualifiedService
                if let lb = raw.services[name], lb.upServers.contains(where: { TraefikRoutes.host(of: $0).map(addresses.contains) ?? false }) {
                    return (expected, name)
                }
            }
            return nil
        }
    }

    /// One reading of Traefik's raw data: the wait is over (evidence), or not yet (why).
    enum Reading: Equatable {
        case holds(String)
        case notYet(String)
    }

    /// Reads Traefik's raw data every `interval` until `judge` says it holds, the time is up or the task is cancelled.
    private func poll(timeout: Duration, _ judge: (TraefikRawData) async -> Reading) async -> RouteWait {
        let api: HealthHTTP
        do { api = try apiClient() } catch { return .failed(describe(error)) }
        let deadline = ContinuousClock.now + timeout
        var last = "Traefik's API was not read"
        while true {
            switch await servers(api) {
            case .failure(let problem): last = problem.text
            case .success(let raw):
                switch await judge(raw) {
                case .holds(let evidence): return .holds(evidence)
                case .notYet(let why): last = why
                }
            }
            if ContinuousClock.now + interval > deadline { return .failed("\(last) after \(timeout)") }
            if Task.isCancelled { return .failed("interrupted: \(last)") }
            try? await Task.sleep(for: interval)
        }
    }

    private func apiClient() throws -> HealthHTTP {
        var auth: BasicAuth?
        if let file = configuration.apiAuthFile {
            switch HealthFiles.basic(file) {
            case .success(let credential): auth = credential
            case .failure(let problem): throw HealthHTTP.Failure(server: configuration.api, reason: problem.description)
            }
        }
        return try HealthHTTP(base: configuration.api, basicAuth: auth)
    }

    private func servers(_ api: HealthHTTP) async -> Result<TraefikRawData, RouteProblem> {
        do {
            let answer = try await api.get("/api/rawdata", limit: .seconds(5))
            guard answer.status == 200, let raw = try? JSONDecoder().decode(TraefikRawData.self, from: answer.body) else {
                return .failure(RouteProblem("Traefik's /api/rawdata answered \(answer.status)"))
            }
            return .success(raw)
        } catch {
            return .failure(RouteProblem("Traefik's API does not answer: \(describe(error))"))
        }
    }

    /// The status of one request through the entrypoint, or why it does not count as an answer
    /// (no answer, 404: no router, 5xx: no server answered).
    private func request(_ entrypoint: String, router: ExpectedRouter, host: String) async -> Result<Int, RouteProblem> {
        do {
            let proxy = try HealthHTTP(base: entrypoint, verifyPeer: false)
            let answer = try await proxy.get(router.probePath, hostName: host, limit: .seconds(10))
            if answer.status == 404 || answer.status >= 500 { return .failure(RouteProblem("answered \(answer.status)")) }
            return .success(answer.status)
        } catch {
            return .failure(RouteProblem(describe(error)))
        }
    }

    /// The addresses Traefik's docker provider may use for the container: on `traefik.docker.network`
    /// when the label names one, else any of its networks (the provider's own `network` setting is not
    /// known to plane; a server at any of them counts).
    static func addresses(_ container: Engine.ContainerInspect, labels: [String: String]) -> Set<String> {
        if let one = HealthRun.address(container, labels: labels) { return [one] }
        if labels["traefik.docker.network"] != nil { return [] }
        return Set((container.networkSettings?.networks ?? [:]).values.compactMap { $0.ipAddress.flatMap { $0.isEmpty ? nil : $0 } })
    }

    /// "http://10.0.0.5:80" -> "10.0.0.5", "http://[fd00::5]:80" -> "fd00::5".
    static func host(of url: String) -> String? {
        guard let host = URLComponents(string: url)?.host else { return nil }
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}

/// Why a look at Traefik did not count (a sentence).
struct RouteProblem: Error {
    var text: String
    init(_ text: String) { self.text = text }
}
