import Foundation
import Testing
@testable import DockerEngine

/// TLS with client certificates through a real HAProxy (Resources/haproxy-tls.cfg) in front of
/// the private dockerd, certificates made fresh by Resources/make-test-certs.sh.
@Suite("TLS endpoint", .enabled(if: TestDaemon.shouldRun, TestDaemon.skipComment), .serialized)
struct TLSIntegrationTests {
    @Test("https:// and tcp:// with CA + client certificate work, exec attached both ways included; a missing CA or client certificate is .transport")
    func tlsThroughHAProxy() async throws {
        let daemon = try TestDaemon.configuration()
        guard daemon.endpoint.scheme == .unix else {
            Issue.record("the TLS test needs PLANE_TEST_DOCKER_HOST to be a unix:// socket")
            return
        }
        guard let haproxy = ProxyAuthIntegrationTests.haproxyPath() else {
            if TestDaemon.isCI { Issue.record("haproxy is not installed (apt-get install -y haproxy)") }
            else { print("skipping the TLS test: haproxy is not installed") }
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await runTool("sh", [try TestResources.path("make-test-certs.sh"), directory.path])

        let port = try freeLoopbackPort()
        let tcpPort = try freeLoopbackPort()
        let proxy = try ChildProcess(
            executable: haproxy, arguments: ["-db", "-f", try TestResources.path("haproxy-tls.cfg")],
            environment: [
                "PLANE_TEST_HAPROXY_BIND": "127.0.0.1:\(port)",
                "PLANE_TEST_HAPROXY_TCP_BIND": "127.0.0.1:\(tcpPort)",
                "PLANE_TEST_DOCKER_SOCKET": daemon.endpoint.host,
                "PLANE_TEST_TLS_DIR": directory.path,
            ],
            logName: "haproxy-tls")
        defer { proxy.stop() }

        let tls = TLSOptions.directory(directory.path)
        let https = try EngineEndpoint(parsing: "https://127.0.0.1:\(port)")
        let up = try await waitUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            (try? await Engine.Client(TransportConfiguration(endpoint: https, tls: tls), apiVersion: .minimumSupported).ping()) != nil
                || !proxy.isRunning
        }
        try #require(up && proxy.isRunning, "haproxy did not start: \(proxy.log)")

        let client = try await Engine.Client.connect(TransportConfiguration(endpoint: https, tls: tls))
        #expect(try await client.version().apiVersion != nil)

        // tcp:// with TLS options speaks TLS, like the Docker CLI's --tlsverify.
        let tcp = try EngineEndpoint(parsing: "tcp://127.0.0.1:\(port)")
        #expect(try await Engine.Client.connect(TransportConfiguration(endpoint: tcp, tls: tls)).apiVersion == client.apiVersion)

        // An exec attached both ways over TLS (stdin, the half-close, a TTY), where nothing drops the upgrade.
        let relayed = try await Engine.Client.connect(TransportConfiguration(endpoint: try EngineEndpoint(parsing: "https://127.0.0.1:\(tcpPort)"), tls: tls))
        try await ExecAttachIntegrationTests.roundTrip(relayed, direct: try await TestDaemon.client())

        // The system trust store does not know the test CA.
        var noCA = tls
        noCA.caCertificatePath = nil
        do {
            _ = try await Engine.Client.connect(TransportConfiguration(endpoint: https, tls: noCA))
            Issue.record("an unknown CA was trusted")
        } catch let error as EngineError {
            guard case .transport(let curlCode) = error.code else {
                Issue.record("classified as \(error.kind)")
                return
            }
            #expect(curlCode == 60)
            #expect(error.description.contains("TLS"))
        }

        // No client certificate: HAProxy ends the handshake.
        do {
            _ = try await Engine.Client.connect(TransportConfiguration(endpoint: https, tls: TLSOptions(caCertificatePath: tls.caCertificatePath)))
            Issue.record("connected without a client certificate")
        } catch let error as EngineError {
            guard case .transport = error.code else {
                Issue.record("classified as \(error.kind)")
                return
            }
        }
    }
}
