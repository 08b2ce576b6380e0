import Foundation
@testable import DockerEngine

/// The loopback fake engine (Resources/fake_engine.py), one per test.
final class FakeEngine: @unchecked Sendable {
    let child: ChildProcess
    let port: Int

    init(apiVersion: String = "1.41", minimum: String = "1.12") async throws {
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("fake-engine-\(UUID().uuidString).port").path
        let child = try ChildProcess(
            executable: "python3",
            arguments: [try TestResources.path("fake_engine.py"), "--port-file", portFile, "--api", apiVersion, "--min", minimum],
            logName: "fake-engine")
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        var port: Int?
        // python3 starting under a loaded parallel suite took over 10 s here.
        let started = try await waitUntil(timeout: .seconds(30)) {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            return port != nil || !child.isRunning
        }
        guard started, let port else {
            child.stop()
            throw TestSetupError("fake engine did not start: \(child.log)")
        }
        self.child = child
        self.port = port
    }

    var configuration: TransportConfiguration {
        TransportConfiguration(endpoint: EngineEndpoint(scheme: .tcp, host: "127.0.0.1", port: port))
    }

    /// A client at 1.41 without negotiation.
    var client: Engine.Client { Engine.Client(configuration, apiVersion: APIVersion(1, 41)) }

    func stop() { child.stop() }
}
