import Foundation
import Testing
@testable import HealthProbe
@testable import PlaneKit

/// Which routers get a real request through the entrypoint, on real Traefik 3.5.3 raw data
/// (scripts/health-capture-fixtures.sh) with the router's rule rewritten where a case needs it.
@Suite("Routers selected for a route probe")
struct HealthRouteSelectionTests {
    /// The captured `/api/rawdata`, with `sonarr@docker`'s rule replaced by `rule`.
    static func raw(rule: String) throws -> TraefikRawData {
        var json = try #require(try JSONSerialization.jsonObject(with: HealthFixture.traefik("rawdata").body) as? [String: Any])
        var routers = try #require(json["routers"] as? [String: Any])
        var sonarr = try #require(routers["sonarr@docker"] as? [String: Any])
        sonarr["rule"] = rule
        routers["sonarr@docker"] = sonarr
        json["routers"] = routers
        return try JSONDecoder().decode(TraefikRawData.self, from: JSONSerialization.data(withJSONObject: json))
    }

    static func target(rule: String) -> TraefikProbe.Target {
        TraefikProbe.Target(service: "sonarr", labels: [
            "traefik.enable": "true", "traefik.http.routers.sonarr.rule": rule,
            "traefik.http.routers.sonarr.entrypoints": "websecure", "traefik.http.routers.sonarr.tls": "true",
            "traefik.http.routers.sonarr.middlewares": "chain-secure-stream@file",
            "traefik.http.services.sonarr.loadbalancer.server.port": "8080"], address: "10.225.6.2")
    }

    @Test("a router with a Host is probed with that Host; its protected chain is recorded")
    func hostRouterProbed() throws {
        let rule = "Host(`sonarr.health.test`)"
        let checked = TraefikProbe.routers(project: "plane-capture", targets: [Self.target(rule: rule)], raw: try Self.raw(rule: rule))
        #expect(checked.results.map(\.status) == [.pass], "\(checked.results)")
        #expect(checked.probes.map(\.router.name) == ["sonarr@docker"])
        #expect(checked.probes.first?.router.hosts == ["sonarr.health.test"])
        #expect(checked.protected == ["sonarr"])
    }

    @Test("a path-only router (the outpost's PathPrefix on every host): router checked, its probe skipped with the reason")
    func pathOnlyRouterSkipped() throws {
        let rule = "PathPrefix(`/outpost.goauthentik.io/`)"
        let checked = TraefikProbe.routers(project: "plane-capture", targets: [Self.target(rule: rule)], raw: try Self.raw(rule: rule))
        #expect(checked.probes.isEmpty)
        #expect(checked.results.count == 2, "\(checked.results)")
        #expect(checked.results.first?.status == .pass)
        let skip = try #require(checked.results.last)
        #expect(skip.status == .skip)
        #expect(skip.check == RouteProbe.check)
        #expect(skip.service == "sonarr")
        #expect(skip.cause == "router sonarr@docker has no Host in its rule (\(rule)): no Host and SNI to probe it with")
    }

    @Test("a router that fails its check is never probed")
    func failedRouterNotProbed() throws {
        let checked = TraefikProbe.routers(project: "plane-capture", targets: [Self.target(rule: "Host(`other.health.test`)")],
                                           raw: try Self.raw(rule: "Host(`sonarr.health.test`)"))
        #expect(checked.results.map(\.status) == [.fail])
        #expect(checked.probes.isEmpty)
    }
}
