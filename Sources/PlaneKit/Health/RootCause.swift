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

    /// Rewrites the failures blocked by a failed root as skips naming the first failed root that blocks
    /// them (their own cause kept as evidence); passes, skips and the roots' own results are kept as
    /// they are, in order.
    public static func collapse(_ results: [HealthResult], roots: [RootCause]) -> [HealthResult] {
        let failedRoots = roots.filter { root in results.contains { $0.check == root.check && $0.status == .fail } }
        guard !failedRoots.isEmpty else { return results }
        let rootChecks = Set(roots.map(\.check))
        return results.map { result in
            guard result.status == .fail, !rootChecks.contains(result.check),
                  let root = failedRoots.first(where: { $0.blocks(result) }) else { return result }
            return HealthResult(check: result.check, service: result.service, status: .skip,
                                cause: "blocked by \(root.name)", evidence: ["see \(root.check)", result.cause] + result.evidence)
        }
    }
}
