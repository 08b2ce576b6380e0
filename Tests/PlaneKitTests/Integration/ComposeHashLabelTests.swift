import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// docker compose's own `up -d` on the private dockerd: the `com.docker.compose.config-hash` it
/// stamps on each container equals `ComposeServiceHash` `.upLabel` for that service.
@Suite("compose's config-hash label", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct ComposeHashLabelTests {
    static let compose = """
        x-sleeper: &sleeper
          image: local/busybox:1
          command: ["sleep", "3600"]
        services:
          with-env-file:
            <<: *sleeper
            env_file: [app.env, {path: optional.env, required: false}]
            environment: [KEEP=1]
          with-secrets:
            <<: *sleeper
            secrets: [token]
            configs:
              - source: settings
                target: /etc/settings
          with-dollars:
            <<: *sleeper
            environment:
              PRICE: "5 $$ dollars"
              HTML: "<a&b>"
            labels:
              money: "$$HOME"
          with-extensions:
            <<: *sleeper
            x-note: not hashed
            labels: {x-folded: "1", kept: "2"}
          with-label-file:
            <<: *sleeper
            label_file: extra.labels
            deploy: {replicas: 1}
          sharing:
            <<: *sleeper
            network_mode: "service:with-dollars"
            volumes_from: ["with-extensions:ro"]
            depends_on: [with-dollars, with-extensions]
        secrets:
          token:
            file: ./token.txt
        configs:
          settings:
            content: "mode=$$x"
        """

    @Test("up -d by compose: every label equals plane's upLabel hash; config --hash differs only where env files are loaded")
    func labelsEqualUpFlavour() async throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-hash-it-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let files = ["compose.yaml": Self.compose, "app.env": "FROM_FILE=1\nOTHER=x\n", "extra.labels": "from.file=yes\n",
                     "token.txt": "test-token-not-a-secret\n"]
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let project = TestEngine.projectName("plane-hash")
        do {
            try await check(oracle: oracle, directory: dir, project: project)
        } catch {
            await TestEngine.removeProject(project)
            throw error
        }
        await TestEngine.removeProject(project)
        try? FileManager.default.removeItem(at: dir)
    }

    func check(oracle: String, directory: URL, project: String) async throws {
        let up = try await PlaneProcess.runProgram(oracle, ["-p", project, "up", "-d"], in: directory,
                                                   environment: ["DOCKER_HOST": try TestEngine.requireHost(), "HOME": directory.path, "PATH": "/usr/bin:/bin"])
        #expect(up.status == 0, "docker compose up -d: \(up)")
        let containers = try await TestEngine.containers(project)
        #expect(containers.count == 6)
        var ids: [String: String] = [:]
        for container in containers { if let service = container.labels?[ComposeLabel.service] { ids[service] = container.id } }

        let resolved = try ProjectLoader.load(ProjectOptions(projectName: project, environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path],
                                                             currentDirectory: directory.path))
        for container in containers {
            let service = try #require(container.labels?[ComposeLabel.service])
            let stamped = container.labels?[ComposeLabel.configHash]
            let ours = ComposeServiceHash.hash(service: service, in: resolved, flavor: .upLabel, containerID: { ids[$0] })
            #expect(ours != nil && ours == stamped, "config-hash of \(service)")
        }
        // The two flavours: only where compose's up loads files (env_file, label_file) or resolves
        // `service:` references do they differ.
        for service in resolved.services.keys {
            let config = ComposeServiceHash.hash(service: service, in: resolved, flavor: .configCommand)
            let label = ComposeServiceHash.hash(service: service, in: resolved, flavor: .upLabel, containerID: { ids[$0] })
            let differs = ["with-env-file", "with-label-file", "sharing"].contains(service)
            #expect((config != label) == differs, "flavours of \(service)")
        }
    }
}
