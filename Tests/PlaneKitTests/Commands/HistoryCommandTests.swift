import Foundation
import Testing
@testable import PlaneKit
@testable import PlaneStore

/// `plane history` over a database written through `DeploymentHistory`, and what never reaches it.
@Suite struct HistoryCommandTests {
    static let rotated = "rotated-value-that-must-never-show-5d1e"
    static let plantedEnvValue = "planted-env-value-9c1f0b"

    /// A replacement run of the test stack as the deploy core would journal it: the plan after a
    /// secret rotation, each operation a step with its cause, one failing with an Engine-style error.
    static func recordRotation(stateDirectory: URL) throws -> (directory: URL, run: RunID) {
        let directory = try UpFixture.copy("UpStack")
        let project = try UpFixture.load(directory)
        let before = try UpFixture.desired(project, profiles: ["*"])
        let containers = before.services.map { UpFixture.observed($0, state: $0.name == "media-init" ? "exited" : "running") }
        try Data((rotated + "\n").utf8).write(to: directory.appendingPathComponent("secrets/media_api_key"))
        let env = directory.appendingPathComponent("env/media.env")
        try Data((try String(contentsOf: env, encoding: .utf8) + "MEDIA_TOKEN=\(plantedEnvValue)\n").utf8).write(to: env)
        let after = try UpFixture.desired(try UpFixture.load(directory), profiles: ["*"])
        let plan = Reconciler.plan(desired: after, observed: UpFixture.engineWithResources(for: after, containers: containers))
        #expect(!plan.writes.isEmpty)

        let history = try SQLiteHistory(path: stateDirectory.appendingPathComponent("history.sqlite").path)
        let run = try history.begin(RunStart(project: "upstack", kind: .up, startedAt: Date(timeIntervalSince1970: 1_790_000_000),
                                             user: "plane-admin", pid: 4242, profiles: ["core", "medias"], services: [],
                                             trigger: "interactive", planeVersion: "test"))
        for operation in plan.writes {
            let summary = operation.action.summary
            try history.willRun(StepRecord(index: operation.id, action: operation.action.verb,
                                           target: String(summary.drop { $0 != " " }.dropFirst()), service: operation.service,
                                           cause: operation.cause.code, causeText: operation.cause.text,
                                           intent: operation.service.map { "replace \($0): upstack-\($0)-1 -> new" }),
                                in: run)
            let failed = operation.id == plan.writes.last?.id
            try history.didRun(step: operation.id, in: run, status: failed ? .failed : .succeeded,
                               error: failed ? "remove container upstack-media-1_plane-old: 409 Conflict: container is running" : nil)
        }
        try history.finish(run, outcome: .restored, services: after.services.map {
            ServiceResult(service: $0.name, containerID: "id-\($0.name)", imageID: "sha256:" + String(repeating: "ab", count: 32),
                          repoDigest: "\($0.image)@sha256:" + String(repeating: "cd", count: 32), status: "running")
        })
        return (directory, run)
    }

    static func stateDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plane-history-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("no secret or env value of the stack reaches the database or plane history's output")
    func noSecretInHistory() async throws {
        let state = try Self.stateDirectory()
        let (directory, _) = try Self.recordRotation(stateDirectory: state)
        try #require(try String(contentsOf: directory.appendingPathComponent("secrets/media_api_key"), encoding: .utf8).contains(Self.rotated))
        // The rotated secret, the other secret file whole, and a value planted in an env file.
        let planted = [Self.rotated, "plane:$6$testonly$Qm9vTm90QVJlYWxIYXNo", Self.plantedEnvValue]
        var stored = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: state.path) where name.hasPrefix("history.sqlite") {
            stored += try Data(contentsOf: state.appendingPathComponent(name))
        }
        #expect(stored.count > 4096)
        #expect(stored.range(of: Data("secret media_api_key changed".utf8)) != nil, "the causes were not written")
        #expect(stored.range(of: Data("env file".utf8)) != nil, "the env file cause was not written")
        for value in planted { #expect(stored.range(of: Data(value.utf8)) == nil, "a value of the stack is in the history") }

        for format in ["text", "json"] {
            let result = try await PlaneProcess.run(["history", "--format", format], in: directory,
                                                    environment: ["PLANE_STATE_DIR": state.path])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("secret media_api_key changed"), "\(result)")
            for value in planted { #expect(!result.stdout.contains(value) && !result.stderr.contains(value)) }
        }
    }

    @Test("--format json: a versioned document with each run's steps, causes, outcomes and final digests")
    func jsonDocument() async throws {
        let state = try Self.stateDirectory()
        let (directory, run) = try Self.recordRotation(stateDirectory: state)
        let result = try await PlaneProcess.run(["history", "--format", "json"], in: directory, environment: ["PLANE_STATE_DIR": state.path])
        #expect(result.status == 0, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["formatVersion"] as? Int == 1)
        #expect(document["project"] as? String == "upstack")
        let runs = try #require(document["runs"] as? [[String: Any]])
        try #require(runs.count == 1)
        #expect(runs[0]["id"] as? Int == Int(run.rawValue))
        #expect(runs[0]["kind"] as? String == "up")
        #expect(runs[0]["outcome"] as? String == "restored")
        #expect(runs[0]["user"] as? String == "plane-admin")
        #expect(runs[0]["startedAt"] as? String == "2026-09-21T14:13:20.000Z")
        #expect(runs[0]["profiles"] as? [String] == ["core", "medias"])
        let steps = try #require(runs[0]["steps"] as? [[String: Any]])
        #expect(steps.first?["action"] as? String == "rename")
        #expect(steps.first?["causeText"] as? String == "recreate media: its definition changed, env file env/media.env changed, secret media_api_key changed")
        #expect(steps.first?["status"] as? String == "succeeded")
        #expect(steps.last?["status"] as? String == "failed")
        #expect((steps.last?["error"] as? String)?.contains("409 Conflict") == true)
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.contains { $0["service"] as? String == "media" && ($0["repoDigest"] as? String)?.contains("@sha256:cdcd") == true })

        let text = try await PlaneProcess.run(["history", "--service", "media"], in: directory, environment: ["PLANE_STATE_DIR": state.path])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("run \(run)  up  restored  2026-09-21 14:13:20Z"), "\(text)")
        #expect(text.stdout.contains("step 1  rename upstack-media-1 to upstack-media-1_plane-old  succeeded  recreate media: its definition changed, env file env/media.env changed, secret media_api_key changed"), "\(text)")
        let none = try await PlaneProcess.run(["history", "--service", "nothing"], in: directory, environment: ["PLANE_STATE_DIR": state.path])
        #expect(none.stdout == "no runs recorded for project upstack and service nothing\n", "\(none)")
    }

    @Test("a missing history prints no runs (exit 0) and creates nothing")
    func missingDatabase() async throws {
        let state = try Self.stateDirectory()
        let directory = try UpFixture.copy("UpStack")
        let result = try await PlaneProcess.run(["history"], in: directory, environment: ["PLANE_STATE_DIR": state.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("no runs recorded"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path).isEmpty)
    }

    @Test("a corrupt or newer history exits 2 with the message, and is left as it was")
    func unusableDatabase() async throws {
        let directory = try UpFixture.copy("UpStack")
        let corrupt = try Self.stateDirectory()
        let garbage = Data("not a database at all, but long enough to have a header...............................\n".utf8)
        try garbage.write(to: corrupt.appendingPathComponent("history.sqlite"))
        let result = try await PlaneProcess.run(["history"], in: directory, environment: ["PLANE_STATE_DIR": corrupt.path])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("history-corrupt") && result.stderr.contains(corrupt.appendingPathComponent("history.sqlite").path), "\(result)")
        #expect(try Data(contentsOf: corrupt.appendingPathComponent("history.sqlite")) == garbage)

        let newer = try Self.stateDirectory()
        _ = try SQLiteHistory(path: newer.appendingPathComponent("history.sqlite").path)
        try SQLiteDatabase(path: newer.appendingPathComponent("history.sqlite").path, create: false).execute("PRAGMA user_version = 99")
        let refused = try await PlaneProcess.run(["history", "--format", "json"], in: directory, environment: ["PLANE_STATE_DIR": newer.path])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("history-newer-schema") && refused.stderr.contains("newer plane"), "\(refused)")
        #expect(refused.stdout.isEmpty)
    }
}
