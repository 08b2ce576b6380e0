import Foundation
import Testing
@testable import PlaneKit

/// The routers derived from labels must be the ones real Traefik 3.5.3 created for the same labels
/// (the containers of scripts/health-capture-fixtures.sh, project `plane-capture`).
@Suite("Routers Traefik's docker provider creates from compose labels")
struct HealthDockerRoutersTests {
    static let project = "plane-capture"

    static func real(_ name: String) throws -> TraefikRouter {
        let f = try HealthFixture.traefik(name)
        return try #require(TraefikAnswer<TraefikRouter>.decode(status: f.status, body: f.body).value)
    }

    @Test("a labelled router keeps its label name; middlewares and service qualified as the API shows them")
    func labelledRouter() throws {
        let labels = [
            "com.docker.compose.project": Self.project, "com.docker.compose.service": "sonarr",
            "traefik.enable": "true",
            "traefik.http.routers.sonarr.rule": "Host(`sonarr.health.test`)",
            "traefik.http.routers.sonarr.entrypoints": "websecure", "traefik.http.routers.sonarr.tls": "true",
            "traefik.http.routers.sonarr.middlewares": "chain-secure-stream@file",
            "traefik.http.services.sonarr.loadbalancer.server.port": "8080",
        ]
        let derived = DockerRouters.derive(project: Self.project, service: "sonarr", labels: labels)
        let expected = try #require(derived.routers.first)
        #expect(derived.routers.count == 1)
        let real = try Self.real("router-sonarr")
        #expect(expected.name == real.name)
        #expect(expected.rule == real.rule)
        #expect(expected.middlewares == real.qualifiedMiddlewares)
        #expect(expected.service == real.qualifiedService)
        #expect(expected.entryPoints == real.entryPoints)
        #expect(Int64(expected.priority) == real.priority)
        #expect(expected.tls == real.hasTLS)
        #expect(expected.hosts == ["sonarr.health.test"])
        #expect(expected.serverURL(address: "198.51.100.2") == "http://198.51.100.2:8080")
    }

    @Test("service labels only: the default router Normalize(service_project)@docker, rule Host(`name`), the labelled service")
    func defaultRouter() throws {
        let labels = ["traefik.enable": "true", "traefik.http.services.plain-svc.loadbalancer.server.port": "8080"]
        let expected = try #require(DockerRouters.derive(project: Self.project, service: "plain", labels: labels).routers.first)
        let real = try Self.real("router-plain")
        #expect(expected.name == "plain-plane-capture@docker")
        #expect(expected.name == real.name)
        #expect(expected.rule == real.rule)
        #expect(expected.service == real.qualifiedService)
        #expect(expected.service == "plain-svc@docker")
        #expect(Int64(expected.priority) == real.priority)
        #expect(expected.isDefault)
        #expect(expected.entryPoints.isEmpty)  // every entrypoint: the API lists them all
        #expect(real.entryPoints.count > 1)
    }

    @Test("a rule with && and a path: hosts and probe path read from it")
    func ruleParts() throws {
        let labels = ["traefik.enable": "true",
                      "traefik.http.routers.ghost.rule": "Host(`ghost.health.test`) && PathPrefix(`/app`)",
                      "traefik.http.routers.ghost.middlewares": "chain-missing@file"]
        let expected = try #require(DockerRouters.derive(project: Self.project, service: "ghost", labels: labels).routers.first)
        let real = try Self.real("router-ghost")
        #expect(expected.rule == real.rule)
        #expect(Int64(expected.priority) == real.priority)
        #expect(expected.hosts == ["ghost.health.test"])
        #expect(expected.probePath == "/app")
        #expect(TraefikRule.arguments(of: "Host", in: "HostRegexp(`x`) || Host(`a.b`)") == ["a.b"])
    }

    @Test("not enabled, two services without a service label, TCP only: no HTTP router, with the reason")
    func noRouter() {
        #expect(DockerRouters.derive(project: "media", service: "x", labels: ["traefik.http.routers.x.rule": "Host(`x`)"]).routers.isEmpty)
        #expect(DockerRouters.derive(project: "media", service: "x", labels: ["traefik.enable": "false"]).routers.isEmpty)
        let two = DockerRouters.derive(project: "media", service: "x", labels: [
            "traefik.enable": "true", "traefik.http.routers.x.rule": "Host(`x`)",
            "traefik.http.services.a.loadbalancer.server.port": "1", "traefik.http.services.b.loadbalancer.server.port": "2"])
        #expect(two.routers.isEmpty)
        #expect(two.notes == ["router x: no service label and 2 services: Traefik drops it"])
        let twoDefault = DockerRouters.derive(project: "media", service: "x", labels: [
            "traefik.enable": "true",
            "traefik.http.services.a.loadbalancer.server.port": "1", "traefik.http.services.b.loadbalancer.server.port": "2"])
        #expect(twoDefault.routers.isEmpty)
        let tcp = DockerRouters.derive(project: "media", service: "x", labels: ["traefik.enable": "true", "traefik.tcp.routers.x.rule": "HostSNI(`*`)"])
        #expect(tcp.routers.isEmpty)
        // exposedByDefault: no traefik.enable needed; a default router on the default service
        let open = DockerRouters.derive(project: "media", service: "sonarr", labels: [:], exposedByDefault: true)
        #expect(open.routers.map(\.name) == ["sonarr-media@docker"])
        #expect(open.routers.first?.service == "sonarr-media@docker")
        #expect(open.routers.first?.rule == "Host(`sonarr-media`)")
    }

    @Test("Normalize: every run of non-alphanumerics is one dash, none at the ends")
    func normalize() {
        #expect(TraefikName.normalize("sonarr_media") == "sonarr-media")
        #expect(TraefikName.normalize("my__app.v2_vm300") == "my-app-v2-vm300")
        #expect(TraefikName.normalize("_x_") == "x")
        #expect(TraefikName.qualified("hdr", provider: "docker") == "hdr@docker")
        #expect(TraefikName.qualified("auth@file", provider: "docker") == "auth@file")
    }
}
