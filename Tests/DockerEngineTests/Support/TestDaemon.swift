import Foundation
import Testing
@testable import DockerEngine

/// The private dockerd the integration tests use, named by the environment:
///   PLANE_TEST_DOCKER_HOST  e.g. unix:///tmp/plane-test-dockerd/docker.sock (scripts/dockerd.sh start DIR)
///   PLANE_TEST_IMAGE        default local/busybox:1 (scripts/test-images.sh)
/// With CI set, a missing PLANE_TEST_DOCKER_HOST fails the tests instead of skipping them.
enum TestDaemon {
    static let environment = ProcessInfo.processInfo.environment

    static var host: String? { environment["PLANE_TEST_DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 } }
    static var image: String { environment["PLANE_TEST_IMAGE"].flatMap { $0.isEmpty ? nil : $0 } ?? "local/busybox:1" }
    static var isCI: Bool { !(environment["CI"] ?? "").isEmpty }

    /// Integration suites run when a daemon is named, and under CI (where they then fail).
    static var shouldRun: Bool { host != nil || isCI }
    static let skipComment: Comment = "set PLANE_TEST_DOCKER_HOST (scripts/dockerd.sh start DIR && scripts/test-images.sh) to run the integration tests"

    static func configuration() throws -> TransportConfiguration {
        guard let host else {
            throw TestSetupError(
                "CI is set but PLANE_TEST_DOCKER_HOST is not: the integration tests need a private dockerd "
                    + "(eval \"$(scripts/dockerd.sh start DIR)\"; scripts/test-images.sh; PLANE_TEST_DOCKER_HOST=$DOCKER_HOST)")
        }
        return TransportConfiguration(endpoint: try EngineEndpoint(parsing: host, source: .flag))
    }

    static func client() async throws -> Engine.Client {
        try await Engine.Client.connect(configuration())
    }

    /// A label unique to one test, for filters and clean-up.
    static func uniqueLabel() -> (key: String, value: String) {
        ("dev.plane.test", UUID().uuidString.lowercased())
    }

    /// Runs `body` with a client and a fresh label, then removes what carries the label, also
    /// when `body` fails.
    static func withScratch(_ body: (Engine.Client, (key: String, value: String)) async throws -> Void) async throws {
        let client = try await client()
        let label = uniqueLabel()
        do {
            try await body(client, label)
        } catch {
            await cleanUp(client, label: label)
            throw error
        }
        await cleanUp(client, label: label)
    }

    /// Removes every container, network and volume carrying `label` (best effort).
    static func cleanUp(_ client: Engine.Client, label: (key: String, value: String)) async {
        let filters = Engine.Filters.label(label.key, label.value)
        for container in (try? await client.listContainers(all: true, filters: filters)) ?? [] {
            try? await client.removeContainer(container.id, force: true, volumes: true)
        }
        for network in (try? await client.listNetworks(filters: filters)) ?? [] {
            try? await client.removeNetwork(network.id)
        }
        for volume in (try? await client.listVolumes(filters: filters)) ?? [] {
            try? await client.removeVolume(volume.name, force: true)
        }
    }
}
