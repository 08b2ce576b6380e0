import Foundation
import Testing
@testable import PlaneKit

/// Lint's load (`recordsInputProblems`): what a normal load throws on is recorded with the same
/// error and location, and the rest of the project still loads. `plane config` is unchanged.
@Suite struct InputProblemRecordingTests {
    func project(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-record-\(UUID().uuidString)")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    static let compose = """
        secrets:
          known: {file: known}
        services:
          app:
            image: busybox:1.36
            env_file: [present.env, missing.env]
            environment:
              HOST: ${DOMAIN:?set DOMAIN}
              PORT: "${PORT:?}"
            secrets: [known, unknown]

        """

    @Test func normalLoadThrowsTheFirstProblem() throws {
        let dir = try project(["compose.yaml": Self.compose, "present.env": "A=1\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: LoadError.self) { try ProjectLoader.load(ProjectOptions(currentDirectory: dir.path)) }
    }

    @Test func lintLoadRecordsEveryProblemAndGoesOn() throws {
        let dir = try project(["compose.yaml": Self.compose, "present.env": "A=1\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ProjectOptions(currentDirectory: dir.path)
        options.recordsInputProblems = true
        let project = try ProjectLoader.load(options)
        let kinds = project.inputProblems.map(\.kind)
        #expect(kinds.contains(.requiredVariable(name: "DOMAIN")) && kinds.contains(.requiredVariable(name: "PORT")))
        #expect(kinds.contains(.missingEnvFile(path: dir.appendingPathComponent("missing.env").path)))
        #expect(kinds.contains(.undefinedSecret(name: "unknown")))
        #expect(project.inputProblems.first { $0.kind == .requiredVariable(name: "DOMAIN") }?.error.location?.line == 8)
        #expect(project.inputProblems.first { $0.kind == .missingEnvFile(path: dir.appendingPathComponent("missing.env").path) }?.service == "app")
        #expect(project.services["app"]?["environment"]?["A"]?.string == "1", "the present env file is still read")
        #expect(project.services["app"]?["environment"]?["HOST"]?.string == "", "an unset required variable reads as empty")
        #expect(project.envFiles["app"]?.map { PathRules.basename($0.path) } == ["present.env", "missing.env"])
        #expect(project.declaredSecrets.keys == ["known"])
    }
}
