import Foundation
import Testing
@testable import PlaneKit

/// Traefik 3.5.3 API answers, captured from the real binary (docker provider on the private dockerd,
/// file provider with the stack's chains): scripts/health-capture-fixtures.sh.
@Suite("Traefik 3.5.3 API payloads")
struct HealthTraefikAPITests {
    static func answer<T: Decodable & Sendable>(_ name: String, as: T.Type) throws -> TraefikAnswer<T> {
        let f = try HealthFixture.traefik(name)
        return TraefikAnswer<T>.decode(status: f.status, body: f.body)
    }

    @Test("a docker router: middlewares qualified, service unqualified, priority = rule length")
    func dockerRouter() throws {
        let router = try #require(try Self.answer("router-sonarr", as: TraefikRouter.self).value)
        #expect(router.name == "sonarr@docker")
        #expect(router.provider == "docker")
        #expect(router.middlewares == ["chain-secure-stream@file"])
        #expect(router.service == "sonarr")
        #expect(router.qualifiedService == "sonarr@docker")
        #expect(router.status == .enabled)
        #expect(router.priority == Int64("Host(`sonarr.health.test`)".utf8.count))
        #expect(router.hasTLS)
        #expect(router.using == ["websecure"])
    }

    @Test("a router on a missing middleware is disabled with Traefik's error; && arrives escaped and decodes")
    func disabledRouter() throws {
        let router = try #require(try Self.answer("router-ghost", as: TraefikRouter.self).value)
        #expect(router.status == .disabled)
        #expect(router.errors == ["middleware \"chain-missing@file\" does not exist"])
        #expect(router.rule == "Host(`ghost.health.test`) && PathPrefix(`/app`)")
        #expect(try HealthFixture.text("traefik/router-ghost.json").contains("\\u0026\\u0026"))
    }

    @Test("unknown objects: 404 text/plain whose body is JSON, read without trusting the content type")
    func notFound() throws {
        let f = try HealthFixture.traefik("router-sick-missing")
        #expect(f.status == 404)
        #expect(f.headers["Content-Type"] == "text/plain; charset=utf-8")
        guard case .notFound(let message) = try Self.answer("router-sick-missing", as: TraefikRouter.self) else {
            Issue.record("expected notFound"); return
        }
        #expect(message == "router not found: sick@docker")
        guard case .notFound(let m2) = try Self.answer("middleware-missing", as: TraefikMiddleware.self) else {
            Issue.record("expected notFound"); return
        }
        #expect(m2 == "middleware not found: chain-missing@file")
        guard case .notFound(let m3) = try Self.answer("service-missing", as: TraefikService.self) else {
            Issue.record("expected notFound"); return
        }
        #expect(m3 == "service not found: nope@docker")
    }

    @Test("X-Next-Page: the next page while more remain, then 1; a page past the end is a 400 with a message")
    func paging() throws {
        let first = try HealthFixture.traefik("routers-page1")
        #expect(first.headers["X-Next-Page"] == "2")
        #expect(TraefikPaging.next(after: 1, header: first.headers["X-Next-Page"]) == 2)
        let last = try HealthFixture.traefik("routers-page-last")
        #expect(last.headers["X-Next-Page"] == "1")
        #expect(TraefikPaging.next(after: 5, header: last.headers["X-Next-Page"]) == nil)
        #expect(TraefikPaging.next(after: 1, header: nil) == nil)
        guard case .failed(let status, let message) = try Self.answer("routers-page-past", as: [TraefikRouter].self) else {
            Issue.record("expected failed"); return
        }
        #expect(status == 400)
        #expect(message == "invalid request: page: 99, per_page: 4")
        // all pages together are the whole list
        let all = try #require(try Self.answer("routers", as: [TraefikRouter].self).value)
        let page1 = try #require(try Self.answer("routers-page1", as: [TraefikRouter].self).value)
        #expect(page1.map(\.name) == Array(all.prefix(4)).map(\.name))
        #expect(all.map(\.name) == all.map(\.name).sorted())
    }

    @Test("the router list: internal routers, MaxInt64 ping priority, disabled and warning routers")
    func routerList() throws {
        let routers = try #require(try Self.answer("routers", as: [TraefikRouter].self).value)
        let byName = Dictionary(uniqueKeysWithValues: routers.map { ($0.name, $0) })
        #expect(byName["ping@internal"]?.priority == Int64.max)
        #expect(byName["missing-service@file"]?.status == .disabled)
        #expect(byName["missing-service@file"]?.errors == ["the service \"missing@file\" does not exist"])
        #expect(byName["bad-entrypoint@file"]?.status == .warning)
        #expect(byName["bad-entrypoint@file"]?.using == ["websecure"])
        #expect(byName["sick@docker"] == nil)  // unhealthy container: skipped by Traefik
        let disabled = try #require(try Self.answer("routers-disabled", as: [TraefikRouter].self).value)
        #expect(Set(disabled.map(\.name)) == ["ghost@docker", "missing-service@file"])
    }

    @Test("services: serverStatus UP, DOWN by health check with status still enabled, absent when empty")
    func services() throws {
        let sonarr = try #require(try Self.answer("service-sonarr", as: TraefikService.self).value)
        #expect(sonarr.type == "loadbalancer")
        #expect(sonarr.servers.count == 1)
        #expect(sonarr.upServers == sonarr.servers)
        #expect(sonarr.servers[0].hasSuffix(":8080"))
        let all = try #require(try Self.answer("services", as: [TraefikService].self).value)
        let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
        let down = try #require(byName["down@file"])
        #expect(down.status == .enabled)
        #expect(down.upServers.isEmpty)
        #expect(down.serverStatus.values.allSatisfy { $0 == "DOWN" })
        let empty = try #require(byName["empty@file"])
        #expect(empty.serverStatus.isEmpty)
        #expect(byName["noop@internal"]?.serverStatus.isEmpty == true)
    }

    @Test("middlewares: the stack's chains, the loopback crowdsec ForwardAuth, basicauth")
    func middlewares() throws {
        let chain = try #require(try Self.answer("middleware-chain-secure", as: TraefikMiddleware.self).value)
        #expect(chain.type == "chain")
        // chains.yml writes the members unqualified; 3.5.3's API shows them qualified with the chain's provider
        #expect(chain.chainMembers == ["crowdsec@file", "ratelimit@file", "buffering@file", "authentik@file", "secure-headers@file", "compress@file"])
        #expect(chain.qualifiedChainMembers.first == "crowdsec@file")
        let all = try #require(try Self.answer("middlewares", as: [TraefikMiddleware].self).value)
        let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
        #expect(byName["crowdsec@file"]?.type == "forwardauth")
        #expect(byName["crowdsec@file"]?.forwardAuthAddress?.hasSuffix("/api/v1/forwardAuth") == true)
        #expect(byName["dashboard-basicauth@file"]?.type == "basicauth")
    }

    @Test("rawdata: names and providers come from the map keys")
    func rawdata() throws {
        let raw = try #require(try Self.answer("rawdata", as: TraefikRawData.self).value)
        #expect(raw.routers["sonarr@docker"]?.name == "sonarr@docker")
        #expect(raw.routers["sonarr@docker"]?.provider == "docker")
        #expect(raw.routers["sonarr@docker"]?.qualifiedMiddlewares == ["chain-secure-stream@file"])
        #expect(raw.services["sonarr@docker"]?.upServers.count == 1)
        #expect(raw.middlewares["chain-public@file"]?.type == "chain")
    }

    @Test("overview counts disabled as errors, warnings as warnings; version 3.5.3")
    func overviewAndVersion() throws {
        let overview = try #require(try Self.answer("overview", as: TraefikOverview.self).value)
        #expect(overview.http.routers.errors == 2)
        #expect(overview.http.routers.warnings == 1)
        #expect(overview.providers == ["Docker", "File"])
        let version = try #require(try Self.answer("version", as: TraefikVersion.self).value)
        #expect(version.version == "3.5.3")
        #expect(version.codename == "chabichou")
    }

    @Test("a 2xx that is not the expected JSON is undecodable, never a crash")
    func undecodable() {
        guard case .undecodable(let status, _) = TraefikAnswer<TraefikRouter>.decode(status: 200, body: Data("[]".utf8)) else {
            Issue.record("expected undecodable"); return
        }
        #expect(status == 200)
    }
}
