import Foundation
import HTTPTransport
import PlaneKit

/// Traefik's side of `plane health` (issue 10 item 4): the API answers, every router the labels of a
/// selected service imply is in the API under its docker-provider name, enabled, with its chain complete
/// and its load balancer at the container's address; then one real request per router through the
/// entrypoint, with the router's Host (and SNI), named by what it means.
struct TraefikProbe: Sendable {
    struct Target: Sendable {
        var service: String
        var labels: [String: String]
        /// The container's address on the network Traefik uses (`traefik.docker.network`, else the first).
        var address: String?
    }

    let configuration: HealthConfiguration.Traefik
    let deadline: ContinuousClock.Instant

    /// The routers of every target, the raw data, and the results.
    func run(project: String, targets: [Target]) async -> (results: [HealthResult], raw: TraefikRawData?, protected: Set<String>) {
        var auth: BasicAuth?
        if let file = configuration.apiAuthFile {
            switch HealthFiles.basic(file) {
            case .success(let credential): auth = credential
            case .failure(let problem):
                return ([.fail("traefik.api", nil, problem.description, evidence: ["x-plane.health.traefik.api-auth-file"])], nil, [])
            }
        }
        let api: HealthHTTP
        do { api = try HealthHTTP(base: configuration.api, basicAuth: auth) } catch {
            return ([.fail("traefik.api", nil, describe(error))], nil, [])
        }
        var results: [HealthResult] = []
        let raw: TraefikRawData
        do {
            let version = try await api.get("/api/version", limit: Deadline.limit(deadline, at: 5))
            guard version.status == 200, let decoded = try? JSONDecoder().decode(TraefikVersion.self, from: version.body) else {
                let hint = version.status == 401 ? " (x-plane.health.traefik.api-auth-file)" : ""
                return ([.fail("traefik.api", nil, "Traefik's API answered \(version.status)\(hint)",
                               evidence: ["GET \(configuration.api)/api/version", String(version.text.prefix(120))])], nil, [])
            }
            let answer = try await api.get("/api/rawdata", limit: Deadline.limit(deadline, at: 10))
            guard answer.status == 200, let decodedRaw = try? JSONDecoder().decode(TraefikRawData.self, from: answer.body) else {
                return ([.fail("traefik.api", nil, "Traefik's /api/rawdata answered \(answer.status) without readable routers")], nil, [])
            }
            raw = decodedRaw
            results.append(.pass("traefik.api", nil, "Traefik \(decoded.version) answers",
                                 evidence: ["\(raw.routers.count) routers, \(raw.services.count) services, \(raw.middlewares.count) middlewares"]))
        } catch {
            return ([.fail("traefik.api", nil, "Traefik's API does not answer: \(describe(error))", evidence: ["\(configuration.api)"])], nil, [])
        }

        let checked = Self.routers(project: project, targets: targets, raw: raw)
        results += checked.results
        let probes = checked.probes, protected = checked.protected
        guard let entrypoint = configuration.entrypoint else {
            if !probes.isEmpty {
                results.append(.skip(RouteProbe.check, nil, "x-plane.health.traefik.entrypoint is not configured: no request is sent through Traefik"))
            }
            return (results, raw, protected)
        }
        let proxy: HealthHTTP
        do { proxy = try HealthHTTP(base: entrypoint, verifyPeer: false) } catch {
            results.append(.fail(RouteProbe.check, nil, describe(error)))
            return (results, raw, protected)
        }
        let routes = await probes.concurrentMap(width: Self.probesInFlight) { probe in
            await Self.probe(proxy, service: probe.service, router: probe.router, chain: probe.chain, deadline: deadline)
        }
        return (results + routes, raw, protected)
    }

    typealias Probe = (service: String, router: ExpectedRouter, chain: MiddlewareChain)

    /// Route probes sent at once. Each one holds a TLS connection (curl handle, OpenSSL context and buffers,
    /// ~100 KiB) and a thread: 23 at once made up most of `plane health`'s malloc peak. With 4 (the transport's
    /// pool of idle handles) the probes still end well inside the Alloy window, on two cores as fast as 23.
    static let probesInFlight = 4

    /// Every router the targets' labels imply, checked against the API's raw data; the route probes to
    /// send (one per router that passed and has a Host), and the services behind a protected chain.
    static func routers(project: String, targets: [Target], raw: TraefikRawData)
        -> (results: [HealthResult], probes: [Probe], protected: Set<String>) {
        var results: [HealthResult] = []
        var probes: [Probe] = []
        var protected: Set<String> = []
        for target in targets {
            let derivation = DockerRouters.derive(project: project, service: target.service, labels: target.labels)
            guard !derivation.routers.isEmpty else { continue }
            for expected in derivation.routers {
                let answer: TraefikAnswer<TraefikRouter> = raw.routers[expected.name].map { .found($0) }
                    ?? .notFound(message: "router not found: \(expected.name)")
                let service = raw.routers[expected.name].map { $0.qualifiedService } ?? expected.service
                let lb: TraefikAnswer<TraefikService>? = raw.routers[expected.name] == nil ? nil
                    : (raw.services[service].map { .found($0) } ?? .notFound(message: "service not found: \(service)"))
                let result = RouterCheck.evaluate(expected: expected, service: target.service, router: answer,
                                                  middlewares: raw.middlewares, loadBalancer: lb, containerAddress: target.address)
                results.append(result)
                guard result.status == .pass, let router = answer.value else { continue }
                let chain = MiddlewareChain.expand(router.middlewares, provider: router.provider, middlewares: raw.middlewares)
                if chain.isProtected { protected.insert(target.service) }
                // A path-only rule (no Host matcher, e.g. the outpost's PathPrefix on every host) gives no
                // Host/SNI to probe with: a handshake without SNI is refused under `sniStrict`, and any
                // host chosen here would be a guess. Its router check above stands; the probe is skipped.
                guard !expected.hosts.isEmpty else {
                    results.append(.skip(RouteProbe.check, target.service,
                                         "router \(expected.name) has no Host in its rule (\(expected.rule)): no Host and SNI to probe it with",
                                         evidence: ["router \(expected.name)"]))
                    continue
                }
                probes.append((target.service, expected, chain))
            }
            for note in derivation.notes where derivation.routers.isEmpty == false {
                results.append(.skip("traefik.router", target.service, note))
            }
        }
        return (results, probes, protected)
    }

    /// One request through the entrypoint with the router's Host and SNI, on its probe path.
    static func probe(_ proxy: HealthHTTP, service: String, router: ExpectedRouter, chain: MiddlewareChain,
                      deadline: ContinuousClock.Instant, headers: [(name: String, value: String)] = []) async -> HealthResult {
        do {
            let answer = try await proxy.get(router.probePath, headers: headers, hostName: router.hosts.first,
                                             limit: Deadline.limit(deadline, at: 10))
            let meaning = ProxyAnswer.classify(status: answer.status, headers: Dictionary(answer.headers.fields.map { ($0.name, $0.value) }) { a, _ in a },
                                               body: answer.body, hasForwardAuth: !chain.forwardAuth.isEmpty)
            var result = RouteProbe.verdict(router: router.name, service: service, answer: meaning, protected: chain.isProtected)
            result.evidence.append("GET \(router.probePath) Host \(router.hosts.first ?? "-")")
            return result
        } catch {
            return .fail(RouteProbe.check, service, "no answer through the entrypoint: \(describe(error))", evidence: ["router \(router.name)"])
        }
    }
}

/// Per-request limits inside the run's deadline.
enum Deadline {
    /// At most `seconds`, never past `deadline` (at least 1 ms: curl reads 0 as no limit).
    static func limit(_ deadline: ContinuousClock.Instant, at seconds: Double) -> Duration {
        let left = deadline - ContinuousClock.now
        return max(.milliseconds(1), min(left, .milliseconds(Int(seconds * 1000))))
    }
}
