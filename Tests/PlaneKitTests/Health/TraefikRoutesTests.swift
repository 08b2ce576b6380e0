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
}
