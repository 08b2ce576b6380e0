/// One root cause reported once: when a check that others stand on failed (Traefik's API or ping, the
/// Authentik outpost, the CrowdSec LAPI), the failures of the checks that depend on it become
/// "blocked by <root>" skips, so Traefik down is one failure, not one per route.
public struct RootCause: Sendable {
    /// The check whose failure blocks the others (`traefik.ping`).
    public var check: String
    /// The service or component named in "blocked by ..." (`traefik`).
    public var name: String
    /// Whether a result depends on this root.
    public var blocks: @Sendable (HealthResult) -> Bool

    public init(check: String, name: String, blocks: @escaping @Sendable (HealthResult) -> Bool) {
        self.check = check
        self.name = name
        self.blocks = blocks
    }

    /// The usual roots of the stack, in dependency order: Traefik (every route and the CrowdSec probe
    /// go through it), the Authentik outpost (protected routes), the CrowdSec LAPI (enforcement).
    public static func standard(protectedRouters: Set<String>) -> [RootCause] {
        [
            RootCause(check: "traefik.ping", name: "traefik") { ["traefik.route", "traefik.router", "crowdsec.enforcement"].contains($0.check) },
            RootCause(check: "traefik.api", name: "traefik") { ["traefik.route", "traefik.router", "crowdsec.enforcement"].contains($0.check) },
            RootCause(check: "authentik.outpost", name: "authentik-outpost") {
                $0.check == "traefik.route" && protectedRouters.contains($0.service ?? "")
            },
            RootCause(check: "crowdsec.lapi", name: "crowdsec-lapi") { $0.check == "crowdsec.enforcement" },
        ]
    }

    /// The roots of a whole run, in dependency order: a service's failed container first (its routers
    /// vanish from Traefik: one failure, not three), then `standard`, then the CrowdSec LAPI and a bouncer
    /// that fails closed for routes refused with 403 (every route behind the bouncer is refused then).
    public static func run(protectedRouters: Set<String>, failedContainers: Set<String>) -> [RootCause] {
        let containers = failedContainers.sorted().map { service in
            RootCause(check: "container", name: service) { $0.service == service && $0.check.hasPrefix("traefik.") }
        }
        let refused = ProxyAnswer.forbidden.meaning
        return containers + standard(protectedRouters: protectedRouters) + [
            RootCause(check: "crowdsec.lapi", name: "crowdsec-lapi") { $0.check == "traefik.route" && $0.evidence.contains(refused) },
            RootCause(check: "crowdsec.enforcement", name: "crowdsec-bouncer") {
                $0.check == "traefik.route" && $0.evidence.contains(refused)
            },
        ]
    }

    /// Rewrites the failures blocked by a failed root as skips naming the first failed root that blocks
    /// them (their own cause kept as evidence); passes and skips are kept as they are, in order. A root's
    /// own failure is collapsed only by a root listed before it (the LAPI down blocks the enforcement
    /// probe, which is itself a root for the routes it refuses).
    public static func collapse(_ results: [HealthResult], roots: [RootCause]) -> [HealthResult] {
        let failed = roots.indices.filter { i in results.contains { $0.check == roots[i].check && $0.status == .fail } }
        guard !failed.isEmpty else { return results }
        return results.map { result in
            guard result.status == .fail else { return result }
            let own = roots.firstIndex { $0.check == result.check } ?? roots.count
            guard let index = failed.first(where: { $0 < own && roots[$0].blocks(result) }) else { return result }
            let root = roots[index]
            return HealthResult(check: result.check, service: result.service, status: .skip,
                                cause: "blocked by \(root.name)", evidence: ["see \(root.check)", result.cause] + result.evidence)
        }
    }
}
