import Foundation
import Testing
@testable import PlaneKit

/// `--format json` when things go wrong, without an engine (the address given does not exist):
/// `up`/`down` say every error as an `error` event of their versioned stream before its result
/// event; `plan` and `doctor` still print their one document, its `errors` filled (docs/JSON.md).
@Suite struct JSONOutputTests {
    static let missingEngine = "unix:///nonexistent/plane-json-test.sock"

    static func project(_ compose: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-json-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try compose.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func run(_ arguments: [String], _ compose: String) async throws -> PlaneProcess.Result {
        let dir = try project(compose)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await PlaneProcess.run(arguments, in: dir, environment: [
            "PLANE_STATE_DIR": dir.appendingPathComponent(".state").path, "HOME": dir.path, "DOCKER_HOST": missingEngine, "NO_COLOR": "1"])
    }

    /// Every stdout line of an event stream, decoded; each must be a versioned object.
    static func events(_ result: PlaneProcess.Result) throws -> [[String: Any]] {
        try result.stdout.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            #expect(object["version"] as? Int == 1, "every event is versioned: \(line)")
            return object
        }
    }

    static func document(_ result: PlaneProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "not one JSON document: \(result)")
    }

    static let plain = """
        services:
          web:
            image: local/busybox:1
            command: ["sleep", "3600"]
        """

    static let leaky = """
        services:
          app:
            image: local/busybox:1
            privileged: true
            environment:
              API_TOKEN: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789
        """

    @Test("up --format json refused by lint: an error event with code lint and the blocking findings, then the result (exit 1); no value in it")
    func upLintRefusalIsAnEvent() async throws {
        let result = try await Self.run(["up", "--format", "json"], Self.leaky)
        #expect(result.status == 1, "\(result)")
        let events = try Self.events(result)
        #expect(events.count == 2, "one error event, one result: \(result.stdout)")
        let error = try #require(events.first)
        #expect(error["event"] as? String == "error" && error["code"] as? String == "lint", "\(error)")
        #expect((error["message"] as? String)?.contains("refusing to deploy") == true, "\(error)")
        let findings = try #require(error["findings"] as? [[String: Any]], "\(error)")
        #expect(findings.contains { $0["rule"] as? String == "posture.privileged" && $0["service"] as? String == "app" }, "\(findings)")
        #expect(findings.allSatisfy { ($0["location"] as? String)?.contains("compose.yaml:") == true }, "each finding names its file:line:column: \(findings)")
        let last = try #require(events.last)
        #expect(last["event"] as? String == "result" && last["exitCode"] as? Int == 1 && last["outcome"] as? String == "failed", "\(last)")
        #expect(!result.stdout.contains("aBcDeFgHiJkLmNoPq"), "no secret value on the stream")
        #expect(result.stderr.contains("error[lint]: refusing to deploy"), "people still read it on stderr: \(result)")
    }

    @Test("up --format json: an unknown service (exit 2), an unreachable engine (exit 3) and a load error (file:line:column) are error events")
    func upErrorsAreEvents() async throws {
        let unknown = try await Self.run(["up", "--format", "json", "wbe"], Self.plain)
        #expect(unknown.status == 2, "\(unknown)")
        let unknownEvents = try Self.events(unknown)
        #expect(unknownEvents.map { $0["event"] as? String } == ["error", "result"], "\(unknown.stdout)")
        #expect(unknownEvents.first?["code"] as? String == "unknown-selection", "\(unknown.stdout)")
        #expect((unknownEvents.first?["message"] as? String)?.contains("web") == true, "the nearest name: \(unknown.stdout)")
        #expect(unknownEvents.last?["outcome"] as? String == "invalid-project" && unknownEvents.last?["exitCode"] as? Int == 2)

        let engine = try await Self.run(["up", "--format", "json"], Self.plain)
        #expect(engine.status == 3, "\(engine)")
        let engineEvents = try Self.events(engine)
        #expect(engineEvents.map { $0["event"] as? String } == ["error", "result"], "\(engine.stdout)")
        #expect(engineEvents.first?["code"] as? String == "transport", "\(engine.stdout)")
        #expect(engineEvents.last?["outcome"] as? String == "engine-unavailable" && engineEvents.last?["exitCode"] as? Int == 3)

        let broken = try await Self.run(["up", "--format", "json"], "services:\n  web:\n    image: local/busybox:1\n    restart: [no]\n")
        #expect(broken.status == 2, "\(broken)")
        let brokenEvents = try Self.events(broken)
        let error = try #require(brokenEvents.first { $0["event"] as? String == "error" }, "\(broken.stdout)")
        #expect((error["location"] as? String)?.hasSuffix("compose.yaml:4:14") == true, "\(error)")
        #expect(brokenEvents.last?["event"] as? String == "result" && brokenEvents.last?["exitCode"] as? Int == 2)
    }

    @Test("down --format json: an unreachable engine is an error event before the result (exit 3)")
    func downErrorIsAnEvent() async throws {
        let result = try await Self.run(["down", "--format", "json"], Self.plain)
        #expect(result.status == 3, "\(result)")
        let events = try Self.events(result)
        #expect(events.map { $0["event"] as? String } == ["error", "result"], "\(result.stdout)")
        #expect(events.first?["code"] as? String == "transport")
    }

    @Test("plan --format json refused by lint or failing to load: one document, outcome refused/failed, the errors in it (exit 1)")
    func planErrorsInTheDocument() async throws {
        let refused = try await Self.run(["plan", "--format", "json"], Self.leaky)
        #expect(refused.status == 1, "\(refused)")
        let document = try Self.document(refused)
        #expect(document["version"] as? Int == 1 && document["outcome"] as? String == "refused" && document["exitCode"] as? Int == 1, "\(document)")
        let errors = try #require(document["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "lint" && (errors.first?["findings"] as? [Any])?.isEmpty == false, "\(errors)")
        #expect((document["steps"] as? [Any])?.isEmpty == true)
        #expect(!refused.stdout.contains("aBcDeFgHiJkLmNoPq"), "no secret value in the document")

        let unknown = try await Self.run(["plan", "--format", "json", "wbe"], Self.plain)
        #expect(unknown.status == 1, "\(unknown)")
        let failed = try Self.document(unknown)
        #expect(failed["outcome"] as? String == "failed", "\(failed)")
        #expect((failed["errors"] as? [[String: Any]])?.first?["code"] as? String == "unknown-selection", "\(failed)")
    }

    @Test("doctor --format json without an engine: outcome engine-unavailable, the transport error, exit 3")
    func doctorWithoutEngine() async throws {
        let result = try await Self.run(["doctor", "--format", "json"], Self.plain)
        #expect(result.status == 3, "\(result)")
        let document = try Self.document(result)
        #expect(document["version"] as? Int == 1 && document["outcome"] as? String == "engine-unavailable" && document["exitCode"] as? Int == 3, "\(document)")
        let engine = try #require(document["engine"] as? [String: Any])
        #expect(engine["endpoint"] as? String == Self.missingEngine && engine["source"] as? String == "DOCKER_HOST", "\(engine)")
        #expect((document["errors"] as? [[String: Any]])?.first?["code"] as? String == "transport", "\(document)")
        #expect((document["probes"] as? [Any])?.isEmpty == true)
    }
}
