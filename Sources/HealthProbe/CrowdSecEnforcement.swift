import Foundation
import PlaneKit

/// CrowdSec enforcement end to end (issue 10 item 5): the LAPI answers and accepts plane's machine
/// login; a clean TEST-NET address passes through the probe router; a 2-minute ban of the second address
/// (an alert marked `plane/health-probe`) makes the same request 403 within the propagation timeout; the
/// ban is deleted and the address passes again. The ban is removed on every exit path of this function
/// (error, deadline, cancellation by SIGINT/SIGTERM: removal runs in a task of its own), and a ban left by
/// a killed run is found (the LAPI's alerts with plane's scenario and an active decision) and removed first.
struct CrowdSecEnforcement: Sendable {
    let configuration: HealthConfiguration.CrowdSec
    let entrypoint: String?
    let deadline: ContinuousClock.Instant
    /// Between two requests of a propagation poll.
    var pollInterval: Duration = .milliseconds(250)

    /// Whether plane's ban is on the LAPI right now (read by the removal that runs on every exit path).
    final class BanState: @unchecked Sendable {
        private let lock = NSLock()
        private var _active = false
        var active: Bool {
            get { lock.withLock { _active } }
            set { lock.withLock { _active = newValue } }
        }
    }

    func run(raw: TraefikRawData?) async -> [HealthResult] {
        let credentials: MachineCredentials
        switch HealthFiles.machine(configuration.machineCredentialsFile) {
        case .success(let value): credentials = value
        case .failure(let problem):
            return [.fail("crowdsec.lapi", nil, "the machine credentials cannot be used: \(problem)")]
        }
        let lapi: HealthHTTP
        do { lapi = try HealthHTTP(base: configuration.lapi) } catch { return [.fail("crowdsec.lapi", nil, describe(error))] }

        // The LAPI and plane's machine login.
        let token: HealthSecret
        do {
            let login = try await lapi.send("POST", "/v1/watchers/login", body: CrowdSecProbe.loginBody(credentials),
                                            limit: Deadline.limit(deadline, at: 10))
            guard let value = CrowdSecProbe.token(status: login.status, body: login.body) else {
                return [.fail("crowdsec.lapi", nil, "the LAPI refuses plane's machine login (\(login.status)): check x-plane.health.crowdsec.machine-credentials-file",
                              evidence: ["machine \(credentials.login)", "POST /v1/watchers/login \(login.status)"])]
            }
            token = value
        } catch {
            return [.fail("crowdsec.lapi", nil, "the CrowdSec LAPI does not answer: \(describe(error))", evidence: [configuration.lapi])]
        }
        let bearer = [(name: "Authorization", value: "Bearer \(token.value)")]
        var results: [HealthResult] = [.pass("crowdsec.lapi", nil, "the LAPI answers and accepts plane's machine login",
                                             evidence: ["machine \(credentials.login)"])]

        // A ban left by a killed run: found by plane's scenario, removed before anything else.
        let banned = configuration.testIPs[1], control = configuration.testIPs[0]
        do {
            let left = try await leftovers(lapi, bearer: bearer)
            if !left.isEmpty {
                var removed: [String] = []
                for ip in left where TestNet.contains(ip) {
                    let answer = try await lapi.send("DELETE", CrowdSecProbe.deletePath(ip: ip), headers: bearer, limit: Deadline.limit(deadline, at: 5))
                    removed.append("\(ip): DELETE \(answer.status)")
                }
                results.append(.pass("crowdsec.leftovers", nil, "removed plane's ban left by an earlier run that was killed", evidence: removed))
            }
        } catch {
            results.append(.fail("crowdsec.leftovers", nil, "plane's earlier bans could not be listed: \(describe(error))"))
        }

        guard let raw else {
            return results + [.fail(EnforcementCheck.check, nil, "Traefik's API is unavailable: no probe router")]
        }
        guard let entrypoint else {
            return results + [.skip(EnforcementCheck.check, nil, "x-plane.health.traefik.entrypoint is not configured: enforcement cannot be probed")]
        }
        guard let (router, chain) = probeRouter(raw) else {
            return results + [.skip(EnforcementCheck.check, nil, configuration.probeRouter.map { "probe router \($0) is not in Traefik" }
                                    ?? "no enabled router has a middleware named like *crowdsec* (set x-plane.health.crowdsec.probe-router)")]
        }
        guard let host = TraefikRule.arguments(of: "Host", in: router.rule).first else {
            return results + [.fail(EnforcementCheck.check, nil, "probe router \(router.name) has no Host() in its rule", evidence: ["rule \(router.rule)"])]
        }
        let path = (TraefikRule.arguments(of: "PathPrefix", in: router.rule) + TraefikRule.arguments(of: "Path", in: router.rule)).first ?? "/"
        let proxy: HealthHTTP
        do { proxy = try HealthHTTP(base: entrypoint, verifyPeer: false) } catch {
            return results + [.fail(EnforcementCheck.check, nil, describe(error))]
        }
        let forwardAuth = !chain.forwardAuth.isEmpty
        @Sendable func ask(_ ip: String) async throws -> ProxyAnswer {
            let answer = try await proxy.get(path, headers: [(name: "X-Forwarded-For", value: ip)], hostName: host,
                                             limit: Deadline.limit(deadline, at: 10))
            return ProxyAnswer.classify(status: answer.status, headers: Dictionary(answer.headers.fields.map { ($0.name, $0.value) }) { a, _ in a },
                                        body: answer.body, hasForwardAuth: forwardAuth)
        }

        let state = BanState()
        let outcome: HealthResult
        do {
            let first = try await ask(control)
            let timeout = configuration.propagationTimeout
            if first == .forbidden || !Self.passes(first) {
                outcome = EnforcementCheck.evaluate(router: router.name, control: first, banned: nil, released: nil, timeout: timeout)
            } else {
                state.active = true
                let add = try await lapi.send("POST", "/v1/alerts", headers: bearer, body: CrowdSecProbe.alertBody(ip: banned, now: Date()),
                                              limit: Deadline.limit(deadline, at: 10))
                if !(200..<300).contains(add.status) {
                    state.active = false
                    var result = EnforcementCheck.evaluate(router: router.name, control: first, banned: nil, released: nil, timeout: timeout)
                    result.evidence.append("POST /v1/alerts \(add.status)")
                    outcome = result
                } else {
                    let during = try await poll(ask, ip: banned, timeout: timeout) { $0 == .forbidden }
                    let delete = try await lapi.send("DELETE", CrowdSecProbe.deletePath(ip: banned), headers: bearer,
                                                     limit: Deadline.limit(deadline, at: 10))
                    if (200..<300).contains(delete.status) { state.active = false }
                    let after: ProxyAnswer? = state.active ? nil : try await poll(ask, ip: banned, timeout: timeout) { $0 != .forbidden }.answer
                    var result = EnforcementCheck.evaluate(router: router.name, control: first, banned: during.answer,
                                                           released: after, timeout: timeout)
                    result.evidence.append("ban of \(banned) seen after \(Self.seconds(during.seconds))s")
                    outcome = result
                }
            }
        } catch {
            outcome = .fail(EnforcementCheck.check, nil, "the enforcement probe did not finish: \(describe(error))", evidence: ["probe router \(router.name)"])
        }
        if state.active {
            // Every exit path: the removal runs in a task of its own, so a cancelled run still removes its ban.
            let removal = Task.detached { [lapi] () -> String in
                do {
                    let answer = try await lapi.send("DELETE", CrowdSecProbe.deletePath(ip: banned), headers: bearer, limit: .seconds(5))
                    return "ban of \(banned) removed (DELETE \(answer.status))"
                } catch {
                    return "the ban of \(banned) could not be removed: \(describe(error)); it expires after \(CrowdSecProbe.banDuration) and the next run removes it"
                }
            }
            var result = outcome
            result.evidence.append(await removal.value)
            return results + [result]
        }
        return results + [outcome]
    }

    static func passes(_ answer: ProxyAnswer) -> Bool {
        switch answer {
        case .app(let status): status < 500
        case .authRedirect, .authChallenge: true
        default: false
        }
    }

    /// Asks until `done` holds or `timeout` seconds pass (bounded by the run's deadline); the last answer.
    func poll(_ ask: @Sendable (String) async throws -> ProxyAnswer, ip: String, timeout: Double,
              until done: (ProxyAnswer) -> Bool) async throws -> (answer: ProxyAnswer, seconds: Double) {
        let start = ContinuousClock.now
        let end = min(start + .milliseconds(Int(timeout * 1000)), deadline)
        while true {
            let answer = try await ask(ip)
            let elapsed = ContinuousClock.now - start
            if done(answer) || ContinuousClock.now + pollInterval >= end {
                return (answer, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f", value) }

    /// `GET /v1/alerts?has_active_decision=true&scenario=plane/health-probe` with the machine JWT.
    func leftovers(_ lapi: HealthHTTP, bearer: [(name: String, value: String)]) async throws -> [String] {
        struct Alert: Decodable { var decisions: [CrowdSecDecision]? }
        let scenario = CrowdSecProbe.scenario.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let answer = try await lapi.get("/v1/alerts?has_active_decision=true&scenario=\(scenario)", headers: bearer,
                                        limit: Deadline.limit(deadline, at: 10))
        guard answer.status == 200 else { throw HealthFiles.Problem(description: "GET /v1/alerts answered \(answer.status)") }
        let alerts = (try? JSONDecoder().decode([Alert]?.self, from: answer.body)) ?? nil
        return CrowdSecProbe.leftovers((alerts ?? []).flatMap { $0.decisions ?? [] })
    }

    /// `probe-router`, else the first enabled router (by name) whose chain holds a `*crowdsec*`
    /// middleware, public ones before protected ones (a forward-auth outage must not hide enforcement).
    func probeRouter(_ raw: TraefikRawData) -> (TraefikRouter, MiddlewareChain)? {
        func chain(_ r: TraefikRouter) -> MiddlewareChain { MiddlewareChain.expand(r.middlewares, provider: r.provider, middlewares: raw.middlewares) }
        if let name = configuration.probeRouter {
            let router = raw.routers[name] ?? raw.routers.first { TraefikName.split($0.key).name == name }?.value
            return router.map { ($0, chain($0)) }
        }
        let candidates = raw.routers.values.filter { $0.status == .enabled && !TraefikRule.arguments(of: "Host", in: $0.rule).isEmpty }
            .map { ($0, chain($0)) }.filter { !$0.1.crowdSec.isEmpty && $0.1.missing.isEmpty }
            .sorted { ($0.1.isProtected ? 1 : 0, $0.0.name) < ($1.1.isProtected ? 1 : 0, $1.0.name) }
        return candidates.first
    }
}
