import Foundation
import Testing
@testable import DockerEngine

/// BasicAuth over TCP through a real HAProxy 2.6 configured like a socket proxy
/// (Resources/haproxy-socket-proxy.cfg) in front of the private dockerd's unix socket.
@Suite("BasicAuth socket proxy", .enabled(if: TestDaemon.shouldRun, TestDaemon.skipComment), .serialized)
struct ProxyAuthIntegrationTests {
    static func haproxyPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
        return directories.map { $0 + "/haproxy" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("good credentials work, bad ones are .unauthorized, a denied route is .proxyDenied; no password leaks")
    func basicAuthThroughHAProxy() async throws {
        let daemon = try TestDaemon.configuration()
        guard daemon.endpoint.scheme == .unix else {
            Issue.record("the HAProxy test needs PLANE_TEST_DOCKER_HOST to be a unix:// socket")
            return
        }
        guard let haproxy = Self.haproxyPath() else {
            if TestDaemon.isCI { Issue.record("haproxy is not installed (apt-get install -y haproxy)") }
            else { print("skipping the HAProxy test: haproxy is not installed") }
            return
        }

        let password = "pw-" + UUID().uuidString
        let wrongPassword = "wrong-" + UUID().uuidString
        let port = try freeLoopbackPort()
        let proxy = try ChildProcess(
            executable: haproxy, arguments: ["-db", "-f", try TestResources.path("haproxy-socket-proxy.cfg")],
            environment: [
                "PLANE_TEST_HAPROXY_BIND": "127.0.0.1:\(port)",
                "PLANE_TEST_DOCKER_SOCKET": daemon.endpoint.host,
                "PLANE_TEST_PROXY_USER": "plane",
                "PLANE_TEST_PROXY_PASSWORD": password,
            ],
            logName: "haproxy")
        defer { proxy.stop() }

        let endpoint = try EngineEndpoint(parsing: "tcp://127.0.0.1:\(port)", source: .planeDockerHost)
        // HAProxy is up once it answers at all (401 without credentials).
        let anonymous = Engine.Client(TransportConfiguration(endpoint: endpoint), apiVersion: .minimumSupported)
        let up = try await waitUntil(timeout: .seconds(10), interval: .milliseconds(100)) {
            do {
                _ = try await anonymous.ping()
                return true
            } catch let error as EngineError {
                if case .transport = error.code { return !proxy.isRunning }
                return true
            }
        }
        try #require(up && proxy.isRunning, "haproxy did not start: \(proxy.log)")

        // Credentials come from a file, as plane reads them.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentialsFile = directory.appendingPathComponent("docker_api_basicauth").path
        _ = FileManager.default.createFile(atPath: credentialsFile, contents: Data("plane:\(password)\n".utf8), attributes: [.posixPermissions: 0o600])

        var errors: [EngineError] = []

        // Good credentials: negotiation and reads pass.
        let good = TransportConfiguration(endpoint: endpoint, basicAuth: try BasicAuth.read(fromFile: credentialsFile))
        let client = try await Engine.Client.connect(good)
        #expect(try await client.version().apiVersion != nil)
        _ = try await client.listContainers()

        // A write the proxy allows reaches the engine: its 404 is the engine's, not the proxy's.
        do {
            try await client.startContainer("plane-probe-x")
            Issue.record("starting a missing container succeeded")
        } catch let error as EngineError {
            errors.append(error)
            #expect(error.isNotFound)
        }

        // A write the proxy denies.
        do {
            try await client.removeVolume("plane-probe-x")
            Issue.record("DELETE /volumes passed the proxy")
        } catch let error as EngineError {
            errors.append(error)
            #expect(error.code == .proxyDenied(method: "DELETE", path: "/volumes/plane-probe-x"))
            #expect(error.description.contains("DELETE /volumes/plane-probe-x"))
            #expect(error.description.contains("VOLUMES=1"))
        }

        // Wrong password, then none at all.
        for auth in [BasicAuth(username: "plane", password: wrongPassword), nil] {
            do {
                _ = try await Engine.Client.connect(TransportConfiguration(endpoint: endpoint, basicAuth: auth))
                Issue.record("connected with bad credentials")
            } catch let error as EngineError {
                errors.append(error)
                #expect(error.code == .unauthorized)
                #expect(error.description.contains("credentials file"))
            }
        }

        for error in errors {
            for secret in [password, wrongPassword] {
                #expect(!error.description.contains(secret))
                #expect(!error.debugDescription.contains(secret))
            }
        }
        #expect(!"\(good)".contains(password))
        #expect(!proxy.log.contains(password))
    }
}
