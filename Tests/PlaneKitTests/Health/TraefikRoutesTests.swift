import DockerEngine
import Foundation
import Testing
@testable import HealthProbe
@testable import PlaneKit

/// Which addresses a start-first drain looks for in Traefik's servers.
@Suite("TraefikRoutes: the container's addresses")
struct TraefikRoutesTests {
    static func inspect(_ networks: [String: String], labels: [String: String] = [:]) throws -> Engine.ContainerInspect {
        let object: [String: Any] = [
            "Id": "c1", "Name": "/app-1", "Config": ["Labels": labels],
            "NetworkSettings": ["Networks": networks.mapValues { ["IPAddress": $0] }],
        ]
        return try JSONDecoder().decode(Engine.ContainerInspect.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test("one network: its address; several: the labelled one, else any of them; a labelled network it is not on: none")
    func addresses() throws {
        #expect(TraefikRoutes.addresses(try Self.inspect(["edge": "192.0.2.5"]), labels: [:]) == ["192.0.2.5"])
        let two = try Self.inspect(["edge": "192.0.2.5", "back": "198.51.100.7"])
        #expect(TraefikRoutes.addresses(two, labels: [:]) == ["192.0.2.5", "198.51.100.7"])
        #expect(TraefikRoutes.addresses(two, labels: ["traefik.docker.network": "back"]) == ["198.51.100.7"])
        #expect(TraefikRoutes.addresses(two, labels: ["traefik.docker.network": "other"]).isEmpty)
        #expect(TraefikRoutes.addresses(try Self.inspect([:]), labels: [:]).isEmpty)
    }

    @Test("a server URL's host")
    func host() {
        #expect(TraefikRoutes.host(of: "http://192.0.2.5:8080") == "192.0.2.5")
        #expect(TraefikRoutes.host(of: "https://[2001:db8::5]:443") == "2001:db8::5")
        #expect(TraefikRoutes.host(of: "not a url") == nil)
    }

    /// `/api/rawdata` with one service `web-sf@docker` behind router `web-sf@docker`, listing `servers` (all UP).
    static func raw(router: Bool = true, servers: [String]) throws -> TraefikRawData {
        var object: [String: Any] = ["services": [:] as [String: Any]]
        if router {
            object["routers"] = ["web-sf@docker": ["service": "web-sf", "rule": "Host(`web.test`)", "status": "enabled"]]
            let urls = servers.map { "http://\($0):80" }
            object["services"] = ["web-sf@docker": [
                "loadBalancer": ["servers": urls.map { ["url": $0] }], "serverStatus": Dictionary(uniqueKeysWithValues: urls.map { ($0, "UP") }),
            ]]
        }
        return try JSONDecoder().decode(TraefikRawData.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test("a handover: the old address in no service and the new one UP in the same reading; a vanished router is not one")
    func handover() throws {
        let new = try Self.inspect(["edge": "192.0.2.6"], labels: [
            "com.docker.compose.project": "sf", "traefik.enable": "true", "traefik.http.routers.web-sf.rule": "Host(`web.test`)",
        ])
        guard case .success(let target) = TraefikRoutes.Target.of(service: "web", new) else { Issue.record("no target"); return }
        let old: Set<String> = ["192.0.2.5"]
        #expect(TraefikRoutes.handover(try Self.raw(servers: ["192.0.2.5", "192.0.2.6"]), old: old, new: target)
            == .notYet("web-sf@docker still lists 192.0.2.5"))
        // Both left out: the router is gone (what a re-read does when both read unhealthy); requests would get 404.
        #expect(TraefikRoutes.handover(try Self.raw(router: false, servers: []), old: old, new: target)
            == .notYet("no Traefik service lists 192.0.2.5, but Traefik lists no UP server at 192.0.2.6 for router web-sf@docker"))
        #expect(TraefikRoutes.handover(try Self.raw(servers: ["192.0.2.6"]), old: old, new: target)
            == .holds("no Traefik service lists 192.0.2.5; 192.0.2.6 UP in web-sf@docker"))
    }
}
