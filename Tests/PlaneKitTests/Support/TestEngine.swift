import DockerEngine
import Foundation
import Synchronization
import Testing
@testable import PlaneKit

/// The private dockerd the integration tests use (scripts/test.sh starts one):
///   PLANE_TEST_DOCKER_HOST  unix:///.../docker.sock
/// and the images scripts/test-images.sh imports (local/busybox:1 and :2).
/// With CI set, a missing daemon fails the tests instead of skipping them.
enum TestEngine {
    static let environment = ProcessInfo.processInfo.environment
    static var host: String? { environment["PLANE_TEST_DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isCI: Bool { !(environment["CI"] ?? "").isEmpty }
    static var shouldRun: Bool { host != nil || isCI }
    static let skipComment: Comment = "set PLANE_TEST_DOCKER_HOST (scripts/dockerd.sh start DIR && scripts/test-images.sh) to run plane's up/down integration tests"

    static func requireHost() throws -> String {
        guard let host else {
            throw SetupError("CI is set but PLANE_TEST_DOCKER_HOST is not: the up/down integration tests need a private dockerd")
        }
        return host
    }

    /// The daemon's socket path (the tests reach it directly and through HAProxy).
    static func socketPath() throws -> String {
        let host = try requireHost()
        guard host.hasPrefix("unix://") else { throw SetupError("PLANE_TEST_DOCKER_HOST must be a unix:// socket") }
        return String(host.dropFirst("unix://".count))
    }

    static func client(counting counter: RequestCounter? = nil) async throws -> Engine.Client {
        var configuration = TransportConfiguration(endpoint: try EngineEndpoint(parsing: try requireHost(), source: .flag))
        if let counter { configuration.requestObserver = { counter.record($0) } }
        return try await Engine.Client.connect(configuration)
    }

    /// A project name unique to one test run.
    static func projectName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// Removes every container, network and volume of a project (best effort, also on failure).
    static func removeProject(_ name: String) async {
        guard let client = try? await client() else { return }
        let filters = Engine.Filters.label(ComposeLabel.project, name)
        for container in (try? await client.listContainers(all: true, filters: filters)) ?? [] {
            try? await client.removeContainer(container.id, force: true, volumes: true)
        }
        for network in (try? await client.listNetworks(filters: filters)) ?? [] { try? await client.removeNetwork(network.id) }
        for volume in (try? await client.listVolumes(filters: filters)) ?? [] { try? await client.removeVolume(volume.name, force: true) }
    }

    /// The project's containers by service (one-off containers excluded).
    static func containers(_ project: String) async throws -> [Engine.ContainerSummary] {
        try await client().listContainers(all: true, filters: .label(ComposeLabel.project, project))
    }

    /// Container ID by container name.
    static func ids(_ project: String) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await containers(project).map { ($0.name ?? $0.id, $0.id) })
    }
}
