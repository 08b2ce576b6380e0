import Foundation
import Testing
@testable import PlaneKit

/// The lint gate looks at exactly what `up` would deploy: `--profile medias` pulls in the `core`
/// service medias depends on (`required: false`), so core is linted too. Before, `plane lint
/// --profile medias` and the gate of `up --profile medias` saw 0 errors and `up` created a
/// privileged, docker.sock-mounting container. No engine is reached (its address does not exist).
@Suite struct SelectedLintGateTests {
    static let stack = """
        services:
          core:
            image: local/busybox:1
            profiles: [core]
            privileged: true
            volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
          media:
            image: local/busybox:1
            profiles: [medias]
            depends_on:
              core: {condition: service_started, required: false}
        """

    static func run(_ arguments: [String]) async throws -> PlaneProcess.Result {
        let dir = try UpLintGateTests.project(Self.stack)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await PlaneProcess.run(arguments + ["--host", "unix:///nonexistent/plane-test.sock"], in: dir,
                                          environment: ["PLANE_STATE_DIR": dir.appendingPathComponent(".state").path])
    }

    @Test func upOfAProfileLintsTheDependenciesItPullsIn() async throws {
        let result = try await Self.run(["up", "--profile", "medias"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("posture.privileged"), "\(result)")
        #expect(result.stderr.contains("core"), "the finding names the core service: \(result)")
        #expect(result.stderr.contains("refusing to deploy"), "\(result)")
    }

    @Test func planRunsTheSameGateAndExits1() async throws {
        let result = try await Self.run(["plan", "--profile", "medias"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("posture.privileged") && result.stderr.contains("core"), "\(result)")
    }

    @Test func theGateInTheLibrarySelectsThenLints() throws {
        let dir = try UpLintGateTests.project(Self.stack)
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = try ProjectLoader.load(ProjectOptions(profiles: ["*"], environment: [:], currentDirectory: dir.path))
        let (selection, verdict) = try Deployment.gate(project: project, request: UpRequest(profiles: ["medias"]))
        #expect(selection.services == ["core", "media"])
        let verdictValue = try #require(verdict)
        #expect(!verdictValue.allowsDeploy)
        #expect(verdictValue.blocking.contains { $0.rule == "posture.privileged" })
        #expect(verdictValue.report.services == ["core", "media"])
    }
}
