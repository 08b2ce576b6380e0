import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// `plane drift` where the registry matters (issue 12): no drift right after an upgrade's rollback
/// (automatic, and `plane rollback`), and `--check-updates`, on the private dockerd with the loopback
/// registry and the stack of the upgrade tests (`RegistryStack`).
@Suite("plane drift with a loopback registry", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct DriftRegistryTests {
    struct Document {
        var object: [String: Any]
        var status: String? { object["status"] as? String }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
        var updates: [[String: Any]]? { object["updates"] as? [[String: Any]] }
        var errors: [[String: Any]] { object["errors"] as? [[String: Any]] ?? [] }
    }

    static func document(_ result: PlaneProcess.Result) throws -> Document {
        Document(object: try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "not JSON: \(result)"))
    }

    static func metrics(_ stack: RegistryStack) -> URL { stack.directory.appendingPathComponent("metrics") }

    /// `plane drift --profile '*' --format json --textfile <stack>/metrics` + `arguments`.
    static func drift(_ stack: RegistryStack, _ arguments: [String] = []) async throws -> PlaneProcess.Result {
        try FileManager.default.createDirectory(at: metrics(stack), withIntermediateDirectories: true)
        return try await stack.plane("drift", ["--profile", "*", "--format", "json", "--textfile", metrics(stack).path] + arguments)
    }

    static func metric(_ stack: RegistryStack, _ name: String) throws -> [String] {
        let text = try String(contentsOf: metrics(stack).appendingPathComponent("plane_drift_\(stack.project).prom"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(name + "{") }
    }

    /// Exit 0, status clean, not one item.
    static func expectClean(_ stack: RegistryStack, _ label: String) async throws {
        let result = try await drift(stack)
        #expect(result.status == 0, "\(label): \(result)")
        let document = try document(result)
        #expect(document.status == "clean" && document.items.isEmpty && document.errors.isEmpty, "\(label): \(document.object)")
    }

    /// The digest the registry's copy of `version` has under `repository` (recorded by the push).
    static func pushedDigest(_ stack: RegistryStack, _ repository: String, _ version: String) async throws -> String {
        let image = try await TestEngine.client().inspectImage(try await TestRegistry.imageID(version))
        let reference = try #require(image.repoDigests?.first { $0.hasPrefix("\(stack.registry.host)/\(repository)@") }, "\(image.repoDigests ?? [])")
        return String(reference.split(separator: "@")[1])
    }

    @Test("right after an upgrade's automatic rollback (v3 fails its healthcheck) and right after plane rollback: drift exits 0 with no item")
    func cleanAfterRollback() async throws {
        try await RegistryStack.with(offset: 10) { stack in
            let v1 = try await TestRegistry.imageID("v1"), v2 = try await TestRegistry.imageID("v2")
            try await stack.registry.publish(stack.core, "v1")
            try await stack.registry.publish(stack.media, "v1")
            let up = try await stack.plane("up", ["--profile", "*", "--wait"])
            #expect(up.status == 0, "\(up)")
            try await Self.expectClean(stack, "freshly converged")

            // v3 fails its gate: the upgrade re-tags v1 and converges back by itself.
            try await stack.registry.publish(stack.core, "v3")
            let failing = try await stack.plane("upgrade", ["--profile", "*"])
            #expect(failing.status == 1 && failing.stderr.contains("rolled back to last-good: web"), "\(failing)")
            let webAfterGate = try await stack.imageOf("web"), tagAfterGate = try await stack.tagged(stack.core)
            #expect(webAfterGate == v1 && tagAfterGate == v1, "rolled back onto v1 under the same tag")
            try await Self.expectClean(stack, "after the upgrade's automatic rollback")

            // v2 is healthy: upgraded; then `plane rollback` puts v1 back.
            try await stack.registry.publish(stack.core, "v2")
            let upgrade = try await stack.plane("upgrade", ["--profile", "*"])
            #expect(upgrade.status == 0, "\(upgrade)")
            #expect(try await stack.imageOf("web") == v2)
            try await Self.expectClean(stack, "after the upgrade to v2")
            let rollback = try await stack.plane("rollback")
            #expect(rollback.status == 0, "\(rollback)")
            let webAfterRollback = try await stack.imageOf("web"), tagAfterRollback = try await stack.tagged(stack.core)
            #expect(webAfterRollback == v1 && tagAfterRollback == v1, "rolled back onto v1 under the same tag")
            try await Self.expectClean(stack, "after plane rollback")

            // The registry still names v2: that is an update available, not drift.
            let updates = try await Self.drift(stack, ["--check-updates"])
            #expect(updates.status == 0, "\(updates)")
            let found = try Self.document(updates)
            #expect(found.status == "clean" && found.items.isEmpty, "\(found.object)")
            #expect(found.updates?.map { $0["service"] as? String } == ["web"], "\(found.object)")
        }
    }

    @Test("--check-updates: a tag moved in the registry is update available (exit 0, not drift) in text, JSON and textfile; plain drift asks no registry and says nothing of it; an unreachable registry is an error (exit 1) named for the check")
    func checkUpdates() async throws {
        try await RegistryStack.with(offset: 11) { stack in
            try await stack.registry.publish(stack.core, "v1")
            try await stack.registry.publish(stack.media, "v1")
            let up = try await stack.plane("up", ["--profile", "*", "--wait"])
            #expect(up.status == 0, "\(up)")
            let nothing = try await Self.drift(stack, ["--check-updates"])
            #expect(nothing.status == 0, "\(nothing)")
            #expect(try Self.document(nothing).updates?.isEmpty == true, "nothing newer yet: \(nothing.stdout)")
            #expect(try Self.metric(stack, "plane_drift_updates_available") == ["plane_drift_updates_available{project=\"\(stack.project)\"} 0"])

            try await stack.registry.publish(stack.core, "v2")
            let from = try await Self.pushedDigest(stack, stack.core, "v1"), to = try await Self.pushedDigest(stack, stack.core, "v2")
            #expect(from != to)

            // JSON: clean, no item, one update with both digests; the textfile counts it.
            let json = try await Self.drift(stack, ["--check-updates"])
            #expect(json.status == 0, "an update is not drift: \(json)")
            let document = try Self.document(json)
            #expect(document.status == "clean" && document.items.isEmpty, "\(document.object)")
            let update = try #require(document.updates?.first, "\(document.object)")
            #expect(document.updates?.count == 1)
            #expect(update["service"] as? String == "web" && update["image"] as? String == stack.registry.reference(stack.core))
            #expect(update["from"] as? String == "\(stack.registry.host)/\(stack.core)@\(from)", "\(update)")
            #expect(update["to"] as? String == to, "\(update)")
            #expect(try Self.metric(stack, "plane_drift_updates_available") == ["plane_drift_updates_available{project=\"\(stack.project)\"} 1"])
            #expect(try Self.metric(stack, "plane_drift_status") == ["plane_drift_status{project=\"\(stack.project)\"} 0"])
            let tagged = try await stack.tagged(stack.core), v1 = try await TestRegistry.imageID("v1")
            #expect(tagged == v1, "--check-updates downloaded nothing")

            // Text: one line for web with the short digests; the summary says it is not drift.
            let text = try await stack.plane("drift", ["--profile", "*", "--check-updates"])
            #expect(text.status == 0, "\(text)")
            let line = "web update-available: \(stack.registry.reference(stack.core)) \(ImageTags.short(from)) -> \(ImageTags.short(to)) (not drift); plane upgrade web"
            #expect(text.stdout.split(separator: "\n").contains { $0 == line }, "expected \(line) in \(text.stdout)")
            #expect(!text.stdout.contains("media update-available"))
            #expect(text.stdout.contains("clean: ") && text.stdout.contains("1 update available"), "\(text.stdout)")

            // The timer installed with --check-updates runs the same check (its environment only, no HOME).
            let units = try await PlaneProcess.run(
                ["timer", "install", "-p", stack.project, "--host", try TestEngine.requireHost(), "--profile", "*", "--dry-run", "--check-updates",
                 "--textfile", Self.metrics(stack).path, "--unit-dir", stack.directory.appendingPathComponent("units").path],
                in: stack.directory, environment: ["PLANE_STATE_DIR": stack.state.path, "HOME": stack.state.path, "NO_COLOR": "1"])
            #expect(units.status == 0, "\(units)")
            let unit = try SystemdUnitLine.parse(units.stdout)
            #expect(unit.command.contains("--check-updates") && unit.environment["HOME"] == nil, "\(unit.command)")
            let timer = try await PlaneProcess.runProgram(unit.command[0], Array(unit.command.dropFirst()),
                                                          in: URL(fileURLWithPath: unit.workingDirectory), environment: unit.environment)
            #expect(timer.status == 0 && timer.stdout == text.stdout, "the timer's run: \(timer)")

            // Drift beside an update: exit 2 comes from the drift item alone; the update is still listed.
            _ = try await TestEngine.client().stopContainer("\(stack.project)-media-1", timeout: 1)
            let both = try await Self.drift(stack, ["--check-updates"])
            #expect(both.status == 2, "\(both)")
            let bothDocument = try Self.document(both)
            #expect(bothDocument.items.map { $0["service"] as? String } == ["media"] && bothDocument.updates?.count == 1, "\(bothDocument.object)")
            #expect(try await stack.plane("up", ["--profile", "*", "--wait"]).status == 0)

            // Without the flag: no update in the output, the JSON or the textfile, and no registry request.
            let plain = try await Self.drift(stack)
            #expect(plain.status == 0, "\(plain)")
            #expect(try Self.document(plain).updates == nil && !plain.stdout.contains("update"), "\(plain.stdout)")
            #expect(try Self.metric(stack, "plane_drift_updates_available").isEmpty)
            let plainText = try await stack.plane("drift", ["--profile", "*"])
            #expect(plainText.status == 0 && !plainText.stdout.contains("update"), "\(plainText)")
            let counter = RequestCounter()
            let engine = try await TestEngine.client(counting: counter)
            let project = try UpFixture.load(stack.directory, projectName: stack.project)
            let key = try LabelKey.loadOrCreate(in: stack.state.path)
            let check = DriftCheck(project: project, request: UpRequest(profiles: ["*"]), engine: engine, key: key)
            let report = try await check.run(history: nil)
            #expect(report.items.isEmpty && report.updates == nil, "\(report.items)")
            #expect(!counter.all.contains { $0.path.contains("/distribution/") }, "plain drift asked the registry: \(counter.all.map(\.path))")
            var asking = check
            asking.checkUpdates = true
            let asked = try await asking.run(history: nil)
            #expect(counter.all.contains { $0.path.contains("/distribution/") }, "the counter sees the registry lookup")
            #expect(asked.updates?.map(\.service) == ["web"] && counter.writes.isEmpty)

            // The registry gone: an error for the check, per service, exit 1; plain drift is unaffected.
            await stack.registry.stop()
            let gone = try await Self.drift(stack, ["--check-updates"])
            #expect(gone.status == 1, "\(gone)")
            let goneDocument = try Self.document(gone)
            #expect(goneDocument.status == "error" && goneDocument.items.isEmpty, "\(goneDocument.object)")
            #expect(Set(goneDocument.errors.compactMap { $0["service"] as? String }) == ["web", "media"], "\(goneDocument.errors)")
            #expect(gone.stderr.contains("error[drift]: web: update check (--check-updates) failed: the registry's digest of \(stack.registry.reference(stack.core)) is unknown"),
                    "\(gone.stderr)")
            #expect(try Self.metric(stack, "plane_drift_status") == ["plane_drift_status{project=\"\(stack.project)\"} 1"])
            let stillClean = try await Self.drift(stack)
            #expect(stillClean.status == 0, "plain drift needs no registry: \(stillClean)")
        }
    }
}
