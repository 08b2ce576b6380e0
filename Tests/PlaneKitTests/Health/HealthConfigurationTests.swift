import Foundation
import Testing
@testable import PlaneKit

@Suite("The x-plane.health block")
struct HealthConfigurationTests {
    static func read(_ yaml: String) throws -> (HealthConfiguration, [(HealthConfiguration.Problem, PlaneKit.SourceLocation?)]) {
        let root = try #require(try YAMLDocumentParser.parse(yaml, file: "compose.yaml").first?.mapping)
        return HealthConfiguration.read(root, projectDirectory: "/srv/vm300", hostname: "vm300")
    }

    @Test("every documented key, with defaults and relative files taken from the project")
    func full() throws {
        let (configuration, problems) = try Self.read("""
            x-plane:
              health:
                traefik:
                  api: http://127.0.0.1:8080/
                  api-auth-file: core/traefik-proxy/secrets/api_auth
                  entrypoint: https://127.0.0.1:443
                crowdsec:
                  lapi: http://127.0.0.1:8081
                  machine-credentials-file: /etc/crowdsec/local_api_credentials.yaml
                  test-ips: [203.0.113.10, 203.0.113.11]
                  propagation-timeout: 75s
                  probe-router: dashboard
                alloy:
                  url: http://127.0.0.1:12345
                  window: 2s
                  prometheus: http://127.0.0.30:9090
                  loki: http://127.0.0.30:3100
                  selector: '{host="vm300"}'
            """)
        #expect(problems.isEmpty)
        #expect(configuration.traefik == .init(api: "http://127.0.0.1:8080", apiAuthFile: "/srv/vm300/core/traefik-proxy/secrets/api_auth",
                                               entrypoint: "https://127.0.0.1:443"))
        #expect(configuration.crowdsec == .init(lapi: "http://127.0.0.1:8081", machineCredentialsFile: "/etc/crowdsec/local_api_credentials.yaml",
                                                testIPs: ["203.0.113.10", "203.0.113.11"], propagationTimeout: 75, probeRouter: "dashboard"))
        #expect(configuration.alloy == .init(url: "http://127.0.0.1:12345", window: 2, prometheus: "http://127.0.0.30:9090",
                                             loki: "http://127.0.0.30:3100", selector: "{host=\"vm300\"}"))
        #expect(HealthConfiguration.results(configuration, problems: problems).isEmpty)
    }

    @Test("absent block or sections: each check family skips with the reason, never passes")
    func absent() throws {
        let (none, p1) = try Self.read("services: {}\n")
        #expect(p1.isEmpty)
        let skips = HealthConfiguration.results(none, problems: p1)
        #expect(skips.map(\.status) == [.skip, .skip, .skip])
        #expect(skips.map(\.cause) == ["x-plane.health.traefik is not configured", "x-plane.health.crowdsec is not configured",
                                       "x-plane.health.alloy is not configured"])
        let (partial, p2) = try Self.read("x-plane: {health: {alloy: {url: 'http://127.0.0.1:12345'}}}\n")
        #expect(p2.isEmpty)
        #expect(partial.alloy?.window == 2)
        #expect(partial.alloy?.selector == "{host=\"vm300\"}")
        #expect(HealthConfiguration.results(partial, problems: p2).map(\.check) == ["traefik", "crowdsec"])
    }

    @Test("credentials only from files: inline keys and URLs with user info are refused, the section unused")
    func credentials() throws {
        let (configuration, problems) = try Self.read("""
            x-plane:
              health:
                traefik: {api: 'http://admin:hunter2@127.0.0.1:8080'}
                crowdsec:
                  lapi: http://127.0.0.1:8081
                  machine-credentials-file: creds.yaml
                  password: hunter2
                  test-ips: [203.0.113.10, 203.0.113.11]
            """)
        #expect(configuration.traefik == nil)
        #expect(configuration.crowdsec == nil)
        let text = problems.map { "\($0.0)" }
        #expect(text.contains("x-plane.health.traefik.api: the URL holds credentials; put them in a file"))
        #expect(text.contains("x-plane.health.crowdsec.password: credentials are read only from files; use x-plane.health.crowdsec.machine-credentials-file"))
        #expect(!text.joined().contains("hunter2"))
        let results = HealthConfiguration.results(configuration, problems: problems)
        #expect(results.filter { $0.status == .fail }.count == 2)
        #expect(results.contains { $0.status == .skip && $0.check == "alloy" })
        #expect(!results.contains { $0.check == "traefik" || $0.check == "crowdsec" })
    }

    @Test("test IPs: two different TEST-NET addresses only; durations and URLs validated; unknown keys suggested")
    func validation() throws {
        let (c1, p1) = try Self.read("""
            x-plane:
              health:
                crowdsec: {lapi: 'http://127.0.0.1:1', machine-credentials-file: c, test-ips: [10.0.0.5, 203.0.113.11]}
                alloy: {url: 'ftp://x', windw: 2s}
                trafik: {}
            """)
        #expect(c1.crowdsec == nil && c1.alloy == nil)
        let text = p1.map { "\($0.0)" }
        #expect(text.contains { $0.contains("10.0.0.5 is not a TEST-NET address") })
        #expect(text.contains("x-plane.health.alloy.url: expected an http:// or https:// URL"))
        #expect(text.contains("unknown key x-plane.health.alloy.windw (did you mean window?)"))
        #expect(text.contains("unknown key x-plane.health.trafik (did you mean traefik?)"))
        #expect(p1.allSatisfy { $0.1 != nil })
        let (_, p2) = try Self.read("x-plane: {health: {crowdsec: {lapi: 'http://x', machine-credentials-file: c, test-ips: [203.0.113.1, 203.0.113.1], propagation-timeout: soon}}}\n")
        let t2 = p2.map { "\($0.0)" }
        #expect(t2.contains("x-plane.health.crowdsec.test-ips: expected two different addresses: [control, banned]"))
        #expect(t2.contains("x-plane.health.crowdsec.propagation-timeout: expected a duration such as 2s or 75s"))
        let (_, p3) = try Self.read("x-plane: {health: {crowdsec: {lapi: 'http://x'}}}\n")
        #expect(p3.map { "\($0.0)" } == ["x-plane.health.crowdsec.machine-credentials-file is required", "x-plane.health.crowdsec.test-ips is required"])
        #expect(TestNet.contains("192.0.2.1") && TestNet.contains("198.51.100.255") && !TestNet.contains("203.0.114.1") && !TestNet.contains("203.0.113"))
    }

    @Test("values are interpolated by the loader like the rest of compose.yaml")
    func interpolated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-health-config-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            services:
              app: {image: local/busybox:1}
            x-plane:
              health:
                alloy: {url: 'http://127.0.0.1:${ALLOY_PORT}', selector: '{host="${HOST_LABEL:-vm300}"}'}
            """.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        try "ALLOY_PORT=12345\n".write(to: dir.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let project = try ProjectLoader.load(ProjectOptions(environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
        let (configuration, problems) = HealthConfiguration.read(project.extensions, projectDirectory: project.workingDirectory, hostname: "h")
        #expect(problems.isEmpty)
        #expect(configuration.alloy?.url == "http://127.0.0.1:12345")
        #expect(configuration.alloy?.selector == "{host=\"vm300\"}")
    }
}
