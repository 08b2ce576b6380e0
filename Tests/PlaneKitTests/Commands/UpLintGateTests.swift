import Foundation
import Testing
@testable import PlaneKit

/// `plane up` lints the profiles it deploys first and refuses on errors, before any engine call:
/// the engine address given here does not exist, so reaching it would fail differently (exit 3).
@Suite struct UpLintGateTests {
    static func project(_ compose: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-upgate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try compose.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static let leaky = """
        services:
          app:
            image: local/busybox:1
            privileged: true
            volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
        """

    @Test func upRefusesWhenLintFindsErrors() async throws {
        let dir = try Self.project(Self.leaky)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await PlaneProcess.run(["up", "--host", "unix:///nonexistent/plane-test.sock"], in: dir,
                                                environment: ["PLANE_STATE_DIR": dir.appendingPathComponent(".state").path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("posture.privileged"), "\(result)")
        #expect(result.stderr.contains("posture.docker-socket"), "\(result)")
        #expect(result.stderr.contains("refusing to deploy: 2 lint errors"), "\(result)")
    }

    @Test func skipLintGoesToTheEngineLoudly() async throws {
        let dir = try Self.project(Self.leaky)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await PlaneProcess.run(["up", "--skip-lint", "--host", "unix:///nonexistent/plane-test.sock"], in: dir,
                                                environment: ["PLANE_STATE_DIR": dir.appendingPathComponent(".state").path])
        #expect(result.stderr.contains("WARNING: --skip-lint"), "\(result)")
        #expect(!result.stderr.contains("refusing to deploy"), "\(result)")
        #expect(result.status == 3, "past lint, the missing engine is what fails: \(result)")
    }
}
