import Foundation
import Testing
@testable import PlaneKit

/// RouterCheck on real Traefik 3.5.3 answers (scripts/health-capture-fixtures.sh).
@Suite("A router checked against Traefik's API")
struct HealthRouterCheckTests {
    static func answer<T: Decodable & Sendable>(_ name: String, as: T.Type) throws -> TraefikAnswer<T> {
        let f = try HealthFixture.traefik(name)
        return TraefikAnswer<T>.decode(status: f.status, body: f.body)
    }

    static func middlewares() throws -> [String: TraefikMiddleware] {
        let list = try #require(try answer("middlewares", as: [TraefikMiddleware].self).value)
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }

    static let sonarr = DockerRouters.derive(project: "plane-capture", service: "sonarr", labels: [
        "traefik.enable": "true", "traefik.http.routers.sonarr.rule": "Host(`sonarr.health.test`)",
        "traefik.http.routers.sonarr.entrypoints": "websecure", "traefik.http.routers.sonarr.tls": "true",
        "traefik.http.routers.sonarr.middlewares": "chain-secure-stream@file",
        "traefik.http.services.sonarr.loadbalancer.server.port": "8080"]).routers[0]

    static func address() throws -> String {
        let service = try #require(try answer("service-sonarr", as: TraefikService.self).value)
        let url = try #require(service.servers.first)
        return String(url.dropFirst("http://".count).prefix { $0 != ":" })
    }

    @Test("enabled router, chain expanded through the file provider, server UP at the container's address: pass")
    func healthy() throws {
        let result = RouterCheck.evaluate(expected: Self.sonarr, service: "sonarr", router: try Self.answer("router-sonarr", as: TraefikRouter.self),
                                          middlewares: try Self.middlewares(), loadBalancer: try Self.answer("service-sonarr", as: TraefikService.self),
                                          containerAddress: try Self.address())
        #expect(result.status == .pass, "\(result)")
        #expect(result.evidence.contains("chain crowdsec@file -> ratelimit@file -> authentik@file -> secure-headers@file"))
    }

    @Test("the load balancer points at another address than the container's: fail")
    func wrongAddress() throws {
        let result = RouterCheck.evaluate(expected: Self.sonarr, service: "sonarr", router: try Self.answer("router-sonarr", as: TraefikRouter.self),
                                          middlewares: try Self.middlewares(), loadBalancer: try Self.answer("service-sonarr", as: TraefikService.self),
                                          containerAddress: "10.9.9.9")
        #expect(result.status == .fail)
        #expect(result.cause == "service sonarr@docker does not point at the container")
    }

    @Test("a chain referencing a missing middleware: the router is disabled, Traefik's error is the evidence")
    func missingMiddleware() throws {
        let expected = DockerRouters.derive(project: "plane-capture", service: "ghost", labels: [
            "traefik.enable": "true", "traefik.http.routers.ghost.rule": "Host(`ghost.health.test`) && PathPrefix(`/app`)",
            "traefik.http.routers.ghost.middlewares": "chain-missing@file"]).routers[0]
        let result = RouterCheck.evaluate(expected: expected, service: "ghost", router: try Self.answer("router-ghost", as: TraefikRouter.self),
                                          middlewares: try Self.middlewares(), loadBalancer: nil, containerAddress: nil)
        #expect(result.status == .fail)
        #expect(result.cause == "router ghost@docker is disabled")
        #expect(result.evidence.contains("middleware \"chain-missing@file\" does not exist"))
    }

    @Test("an unhealthy container's router is absent (404): fail naming why Traefik skips containers")
    func absent() throws {
        let expected = DockerRouters.derive(project: "plane-capture", service: "sick", labels: [
            "traefik.enable": "true", "traefik.http.routers.sick.rule": "Host(`sick.health.test`)"]).routers[0]
        let result = RouterCheck.evaluate(expected: expected, service: "sick", router: try Self.answer("router-sick-missing", as: TraefikRouter.self),
                                          middlewares: [:], loadBalancer: nil, containerAddress: nil)
        #expect(result.status == .fail)
        #expect(result.cause.hasPrefix("router sick@docker is not in Traefik"))
        #expect(result.evidence == ["API 404: router not found: sick@docker"])
    }

    @Test("labels naming other middlewares than Traefik shows: fail; a middleware present but absent from the API: fail")
    func drift() throws {
        var other = Self.sonarr
        other.middlewares = ["chain-secure@file"]
        let result = RouterCheck.evaluate(expected: other, service: "sonarr", router: try Self.answer("router-sonarr", as: TraefikRouter.self),
                                          middlewares: try Self.middlewares(), loadBalancer: nil, containerAddress: nil)
        #expect(result.cause == "router sonarr@docker has other middlewares than its labels")
        var middlewares = try Self.middlewares()
        middlewares["authentik@file"] = nil
        let missing = RouterCheck.evaluate(expected: Self.sonarr, service: "sonarr", router: try Self.answer("router-sonarr", as: TraefikRouter.self),
                                           middlewares: middlewares, loadBalancer: nil, containerAddress: nil)
        #expect(missing.status == .fail)
        #expect(missing.evidence == ["missing authentik@file"])
    }

    @Test("every server DOWN (service still enabled) and an empty load balancer: fail with 503 named")
    func downAndEmpty() throws {
        let services = try #require(try Self.answer("services", as: [TraefikService].self).value)
        let down = try #require(services.first { $0.name == "down@file" })
        let empty = try #require(services.first { $0.name == "empty@file" })
        let router = TraefikAnswer<TraefikRouter>.found(TraefikRouter(name: "x@file", provider: "file", rule: "Host(`x`)", service: "down"))
        let expected = ExpectedRouter(name: "x@file", rule: "Host(`x`)", service: "down@file", middlewares: [], entryPoints: [], tls: false,
                                      priority: 9, isDefault: false, serverPort: nil, serverScheme: "http")
        let r1 = RouterCheck.evaluate(expected: expected, service: "x", router: router, middlewares: [:], loadBalancer: .found(down), containerAddress: nil)
        #expect(r1.cause == "every server of down@file is DOWN: requests get 503")
        let r2 = RouterCheck.evaluate(expected: expected, service: "x", router: router, middlewares: [:], loadBalancer: .found(empty), containerAddress: nil)
        #expect(r2.cause == "service empty@file has no server: requests get 503")
    }

    @Test("chain expansion: protected by authentik, CrowdSec found by name, public chain unprotected")
    func chains() throws {
        let middlewares = try Self.middlewares()
        let secure = MiddlewareChain.expand(["chain-secure@file"], provider: "docker", middlewares: middlewares)
        #expect(secure.applied == ["crowdsec@file", "ratelimit@file", "buffering@file", "authentik@file", "secure-headers@file", "compress@file"])
        #expect(secure.isProtected)
        #expect(secure.crowdSec == ["crowdsec@file"])
        #expect(secure.authentication == ["authentik@file"])
        let open = MiddlewareChain.expand(["chain-public@file"], provider: "docker", middlewares: middlewares)
        #expect(!open.isProtected)
        #expect(open.crowdSec == ["crowdsec@file"])
        let basic = MiddlewareChain.expand(["dashboard-basicauth@file"], provider: "file", middlewares: middlewares)
        #expect(basic.isProtected)
        let nowhere = MiddlewareChain.expand(["ghost"], provider: "docker", middlewares: middlewares)
        #expect(nowhere.missing == ["ghost@docker"])
    }
}
