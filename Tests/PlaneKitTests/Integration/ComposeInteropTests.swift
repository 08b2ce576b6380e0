import Foundation
import Testing
@testable import PlaneKit

/// plane and docker compose on the same project, on the private dockerd: neither recreates what the
/// other created while nothing changed (plane stamps compose's own config-hash), and a secret rotated
/// after compose created a container is still seen by plane (compose's hash does not cover it).
@Suite("plane and docker compose side by side", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct ComposeInteropTests {
    static let compose = """
        x-sleeper: &sleeper
          image: local/busybox:1
          command: ["sleep", "3600"]
          init: true
        services:
          plain:
            <<: *sleeper
            mem_limit: 64m
          with-env-file:
            <<: *sleeper
            env_file: [app.env]
            environment: {KEEP: "1", PRICE: "5 $$ dollars"}
          with-secret:
            <<: *sleeper
            secrets: [token]
        secrets:
          token:
            file: ./token.txt
        """

    struct Project {
        let directory: URL
        let name: String
        let oracle: String
        let environment: [String: String]

        func plane(_ arguments: [String]) async throws -> PlaneProcess.Result {
            try await PlaneProcess.run(["-p", name] + arguments, in: directory, environment: environment)
        }

        func compose(_ arguments: [String]) async throws -> PlaneProcess.Result {
            try await PlaneProcess.runProgram(oracle, ["-p", name] + arguments, in: directory, environment: environment)
        }

        /// `plane up`; the project's container IDs after it, by name.
        func planeUp() async throws -> [String: String] {
            let up = try await plane(["up", "--skip-lint"])
            #expect(up.status == 0, "plane up: \(up)")
            return try await TestEngine.ids(name)
        }

        /// `docker compose up -d`, which must keep every container (the same `ids`).
        func composeKeeps(_ ids: [String: String]) async throws {
            let up = try await compose(["up", "-d"])
            #expect(up.status == 0, "docker compose up -d: \(up)")
            #expect(try await TestEngine.ids(name) == ids, "docker compose recreated plane's containers\n\(up)")
        }
    }

    /// A VPN container whose network namespace another service joins (gluetun's pattern), and a
    /// service mounting another's volumes: compose hashes the shared container's ID into their label.
    static let sharing = """
        x-sleeper: &sleeper
          image: local/busybox:1
          command: ["sleep", "3600"]
          init: true
        services:
          vpn:
            <<: *sleeper
            environment: {REGION: "one"}
            volumes: [downloads:/downloads]
          behind-vpn:
            <<: *sleeper
            network_mode: "service:vpn"
          shares-volumes:
            <<: *sleeper
            volumes_from: ["vpn:ro"]
        volumes:
          downloads: {}
        """

    static func withProject(compose: String = compose, _ body: (Project) async throws -> Void) async throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-interop-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in ["compose.yaml": compose, "app.env": "FROM_FILE=1\n", "token.txt": "interop-token-one\n"] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        chmod(dir.appendingPathComponent("token.txt").path, 0o600)
        let project = Project(
            directory: dir, name: TestEngine.projectName("plane-interop"), oracle: oracle,
            environment: ["DOCKER_HOST": try TestEngine.requireHost(), "HOME": dir.path, "PATH": "/usr/bin:/bin",
                          "PLANE_STATE_DIR": dir.appendingPathComponent(".state").path, "NO_COLOR": "1"])
        // Whole seconds separate the files from the containers (creation times are in seconds).
        try await Task.sleep(for: .milliseconds(1100))
        do {
            try await body(project)
        } catch {
            await TestEngine.removeProject(project.name)
            throw error
        }
        await TestEngine.removeProject(project.name)
        try? FileManager.default.removeItem(at: dir)
    }

    @Test("plane up, then docker compose up -d: compose recreates nothing (same IDs)")
    func composeKeepsPlanesContainers() async throws {
        try await Self.withProject { project in
            let before = try await project.planeUp()
            #expect(before.count == 3)
            try await project.composeKeeps(before)
        }
    }

    @Test("docker compose up -d, then plane: adopted without a recreate; a secret rotated since shows that one service")
    func planeAdoptsComposesContainers() async throws {
        try await Self.withProject { project in
            let compose = try await project.compose(["up", "-d"])
            #expect(compose.status == 0, "docker compose up -d: \(compose)")
            let before = try await TestEngine.ids(project.name)
            #expect(before.count == 3)

            let plan = try await project.plane(["plan"])
            #expect(plan.status == 0, "plane plan after compose: \(plan)")
            let up = try await project.plane(["up", "--skip-lint"])
            #expect(up.status == 0, "plane up after compose: \(up)")
            #expect(try await TestEngine.ids(project.name) == before, "plane recreated compose's containers\n\(up)")

            try await Task.sleep(for: .milliseconds(1100))
            try "interop-token-two\n".write(to: project.directory.appendingPathComponent("token.txt"), atomically: true, encoding: .utf8)
            chmod(project.directory.appendingPathComponent("token.txt").path, 0o600)
            let rotated = try await project.plane(["plan"])
            #expect(rotated.status == 2, "plane plan after a rotation: \(rotated)")
            #expect(rotated.stdout.contains("recreate with-secret: secret token changed"), "\(rotated)")
            #expect(!rotated.stdout.contains("recreate plain") && !rotated.stdout.contains("recreate with-env-file"), "\(rotated)")
            #expect(!rotated.stdout.contains("interop-token"), "a secret value in the plan")
        }
    }

    @Test("--compatibility (and COMPOSE_COMPATIBILITY): plane names containers project_service_1 on the project's network, as compose does; neither recreates the other's")
    func compatibilityNames() async throws {
        try await Self.withProject { project in
            let up = try await project.plane(["--compatibility", "up", "--skip-lint"])
            #expect(up.status == 0, "plane --compatibility up: \(up)")
            let containers = try await TestEngine.containers(project.name)
            let names = containers.compactMap(\.name).sorted()
            #expect(names == ["plain", "with-env-file", "with-secret"].map { "\(project.name)_\($0)_1" }, "\(names)")
            #expect(containers.allSatisfy { ($0.networkSettings?.networks ?? [:]).keys.sorted() == ["\(project.name)_default"] },
                    "on the project's default network, not Docker's bridge")
            let before = try await TestEngine.ids(project.name)
            let compose = try await project.compose(["--compatibility", "up", "-d"])
            #expect(compose.status == 0, "docker compose --compatibility up -d: \(compose)")
            #expect(try await TestEngine.ids(project.name) == before, "compose recreated plane's containers\n\(compose)")
            var environment = project.environment
            environment["COMPOSE_COMPATIBILITY"] = "1"
            let plan = try await PlaneProcess.run(["-p", project.name, "plan"], in: project.directory, environment: environment)
            #expect(plan.status == 0 && plan.stdout.contains("no changes"), "COMPOSE_COMPATIBILITY=1 plane plan: \(plan)")
        }
    }

    @Test("network_mode: service:X and volumes_from: neither recreates the other's; X replaced by either, the services sharing it are recreated with it, and the other then sees nothing to do")
    func sharedContainers() async throws {
        try await Self.withProject(compose: Self.sharing) { project in
            let before = try await project.planeUp()
            #expect(before.count == 3)
            try await project.composeKeeps(before)

            // vpn changes: plane replaces it and recreates both services that share it (their namespace
            // and mounts would be the old container's); compose then agrees with every label.
            let file = project.directory.appendingPathComponent("compose.yaml")
            try Self.sharing.replacingOccurrences(of: "REGION: \"one\"", with: "REGION: \"two\"").write(to: file, atomically: true, encoding: .utf8)
            let plan = try await project.plane(["plan"])
            #expect(plan.status == 2, "\(plan)")
            #expect(plan.stdout.contains("recreate behind-vpn: it shares the container of vpn"), "\(plan)")
            #expect(plan.stdout.contains("recreate shares-volumes: it shares the container of vpn"), "\(plan)")
            let afterPlane = try await project.planeUp()
            #expect(Set(afterPlane.values).isDisjoint(with: Set(before.values)), "all three recreated: \(before) -> \(afterPlane)")
            try await project.composeKeeps(afterPlane)

            // The other way: compose replaces vpn (and, for its labels, the two sharing it); plane adopts all three.
            try Self.sharing.replacingOccurrences(of: "REGION: \"one\"", with: "REGION: \"three\"").write(to: file, atomically: true, encoding: .utf8)
            let compose3 = try await project.compose(["up", "-d"])
            #expect(compose3.status == 0, "docker compose up -d: \(compose3)")
            let afterCompose = try await TestEngine.ids(project.name)
            #expect(Set(afterCompose.values).isDisjoint(with: Set(afterPlane.values)), "compose recreated the three: \(afterCompose)")
            let adopted = try await project.plane(["plan"])
            #expect(adopted.status == 0 && adopted.stdout.contains("no changes"), "plane plan after compose: \(adopted)")
        }
    }
}
