import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// The deploy core on the in-memory engine: replacements that fail are rolled back to the old
/// container (same ID), a failed restore is reported, and a run killed after any of its writes is
/// recognised and converged by the next run, never with two containers of a service running.
@Suite("Deployment on the fake engine")
struct DeploymentFakeEngineTests {
    static let image = "local/busybox:1"

    /// A ten-service project: a healthchecked base, services depending on it, one on a volume.
    static func project(version: String, extra: [String: String] = [:]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-fake-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write(dir, version: version, extra: extra)
        return dir
    }

    static func write(_ dir: URL, version: String, extra: [String: String] = [:]) throws {
        var text = "name: fake\nservices:\n"
        text += """
              base:
                image: \(image)
                command: ["sleep", "infinity"]
                environment: {VERSION: "\(version)"}
                healthcheck: {test: ["CMD", "true"], interval: 50ms}
                volumes: [data:/data]

            """
        for n in 1...9 {
            let command = extra["s\(n)"] ?? "sleep"
            text += """
                  s\(n):
                    image: \(image)
                    command: ["\(command)", "infinity"]
                    environment: {VERSION: "\(version)"}
                    depends_on:
                      base: {condition: \(n % 3 == 0 ? "service_started" : "service_healthy")}
                    \(n == 5 ? "healthcheck: {test: [\"CMD\", \"true\"], interval: 50ms}" : "")

                """
        }
        text += "volumes:\n  data: {}\n"
        try text.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
    }

    static let services = ["base"] + (1...9).map { "s\($0)" }

    struct Run {
        var outcome: Deployment.Outcome
        var notes: [String]
    }

    static func up(_ dir: URL, _ engine: FakeEngine, _ history: any DeploymentHistory, state: URL) async throws -> Run {
        let project = try ProjectLoader.load(ProjectOptions(profiles: ["*"], environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
        let deployment = Deployment(project: project, request: UpRequest(), engine: engine, key: UpFixture.key, skipLint: true)
        var options = Deployment.RunOptions(state: StateDirectory(path: state.path), history: history)
        options.pollInterval = .milliseconds(2)
        options.proofWindow = .milliseconds(20)
        options.waitTimeout = .seconds(5)
        let notes = NotesBox()
        options.onNote = { notes.add($0) }
        let outcome = try await deployment.up(options)
        return Run(outcome: outcome, notes: notes.all)
    }

    static func plan(_ dir: URL, _ engine: FakeEngine) async throws -> Plan {
        let project = try ProjectLoader.load(ProjectOptions(profiles: ["*"], environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
        let deployment = Deployment(project: project, request: UpRequest(), engine: engine, key: UpFixture.key, skipLint: true)
        guard case .planned(let preparation, _) = try await deployment.plan() else { throw CancellationError() }
        return preparation.plan
    }

    /// Every service: exactly one container, under its name, running; nothing aside; the plan empty.
    static func expectConverged(_ dir: URL, _ engine: FakeEngine, _ context: String) async throws {
        let containers = await engine.containers
        for service in services {
            let mine = containers.filter { $0.service == service }
            #expect(mine.count == 1, "\(context): \(service) has \(mine.map { "\($0.name) \($0.state)" })")
            #expect(mine.first?.name == "fake-\(service)-1" && mine.first?.state == "running", "\(context): \(mine.map { "\($0.name) \($0.state)" })")
        }
        #expect(!containers.contains { $0.name.hasSuffix(PlaneLabel.replacedSuffix) }, "\(context): a container left aside")
        let again = try await plan(dir, engine)
        let pending = again.operations.count
        #expect(pending == 0, "\(context): still to do:\n\(again.text)")
        let violations = await engine.violations
        #expect(violations.isEmpty, "\(context): \(violations)")
    }

    static func fresh() async throws -> (URL, FakeEngine, URL) {
        let dir = try project(version: "1")
        let engine = FakeEngine(images: [image: "sha256:busybox1"])
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(UUID().uuidString.prefix(8))")
        let first = try await up(dir, engine, NoHistory(), state: state)
        guard case .applied = first.outcome else { Issue.record("first up: \(first.outcome)"); throw CancellationError() }
        try await expectConverged(dir, engine, "first up")
        return (dir, engine, state)
    }

    static func ids(_ engine: FakeEngine) async -> [String: String] {
        Dictionary(uniqueKeysWithValues: await engine.containers.map { ($0.name, $0.id) })
    }

    @Test("a replacement whose new container cannot start: the old one runs again, same ID")
    func failedStartRestores() async throws {
        let (dir, engine, state) = try await Self.fresh()
        let before = await Self.ids(engine)
        try Self.write(dir, version: "1", extra: ["s4": "/plane-test-no-such-binary"])
        await engine.setBehavior { (_: String, request: Engine.ContainerCreateRequest) -> FakeEngine.Behavior in request.config.cmd?.first == "/plane-test-no-such-binary" ? .failsToStart : .runs }
        let run = try await Self.up(dir, engine, NoHistory(), state: state)
        guard case .failed(_, let error, let report) = run.outcome else { Issue.record("\(run.outcome)"); return }
        #expect(error.operation == "start fake-s4-1: replaces the old container, after base is healthy")
        #expect(report.restored.map(\.container) == ["fake-s4-1"] && report.failures.isEmpty)
        let s4 = await engine.container(named: "fake-s4-1")
        #expect(s4?.id == before["fake-s4-1"] && s4?.state == "running")
        #expect(await engine.containers.count == 10)
        #expect(await engine.violations.isEmpty)
    }

    @Test("a crash-looping replacement is rolled back; the message names the restart loop")
    func crashLoopRollsBack() async throws {
        let (dir, engine, state) = try await Self.fresh()
        let before = await Self.ids(engine)
        try Self.write(dir, version: "1", extra: ["s2": "/bin/false"])
        await engine.setBehavior { (_: String, request: Engine.ContainerCreateRequest) -> FakeEngine.Behavior in request.config.cmd?.first == "/bin/false" ? .crashLoops : .runs }
        let run = try await Self.up(dir, engine, NoHistory(), state: state)
        guard case .failed(_, let error, let report) = run.outcome else { Issue.record("\(run.outcome)"); return }
        #expect(error.reason.contains("restart loop"), "\(error)")
        #expect(error.operation.hasPrefix("remove container fake-s2-1_plane-old"))
        #expect(report.restored.map(\.container) == ["fake-s2-1"])
        let s2 = await engine.container(named: "fake-s2-1")
        #expect(s2?.id == before["fake-s2-1"] && s2?.state == "running")
        #expect(await engine.containers.filter { $0.service == "s2" }.count == 1)
    }

    @Test("an exiting replacement is rolled back")
    func exitRollsBack() async throws {
        let (dir, engine, state) = try await Self.fresh()
        let before = await Self.ids(engine)
        try Self.write(dir, version: "1", extra: ["s7": "/bin/false"])
        await engine.setBehavior { (_: String, request: Engine.ContainerCreateRequest) -> FakeEngine.Behavior in request.config.cmd?.first == "/bin/false" ? .exits(1) : .runs }
        let run = try await Self.up(dir, engine, NoHistory(), state: state)
        guard case .failed(_, let error, _) = run.outcome else { Issue.record("\(run.outcome)"); return }
        #expect(error.reason.contains("exited with code 1"), "\(error)")
        #expect(await engine.container(named: "fake-s7-1")?.id == before["fake-s7-1"])
        #expect(await engine.container(named: "fake-s7-1")?.state == "running")
    }

    @Test("an unhealthy replacement is rolled back; the message names the failed checks")
    func unhealthyRollsBack() async throws {
        let (dir, engine, state) = try await Self.fresh()
        let before = await Self.ids(engine)
        try Self.write(dir, version: "1", extra: ["s5": "sick"])
        await engine.setBehavior { (_: String, request: Engine.ContainerCreateRequest) -> FakeEngine.Behavior in request.config.cmd?.first == "sick" ? .turnsUnhealthy : .runs }
        let run = try await Self.up(dir, engine, NoHistory(), state: state)
        guard case .failed(_, let error, let report) = run.outcome else { Issue.record("\(run.outcome)"); return }
        #expect(error.reason.contains("healthcheck failed 3 times in a row (last exit code 1)"), "\(error)")
        #expect(!error.reason.contains("0 failed checks"))
        #expect(report.restored.map(\.container) == ["fake-s5-1"])
        #expect(await engine.container(named: "fake-s5-1")?.id == before["fake-s5-1"])
    }

    @Test("a restore that fails is reported with the failure that caused it")
    func failedRestoreIsReported() async throws {
        let (dir, engine, state) = try await Self.fresh()
        let oldID = try #require(await Self.ids(engine)["fake-s4-1"])
        try Self.write(dir, version: "1", extra: ["s4": "/plane-test-no-such-binary"])
        await engine.setBehavior { (_: String, request: Engine.ContainerCreateRequest) -> FakeEngine.Behavior in request.config.cmd?.first == "/plane-test-no-such-binary" ? .failsToStart : .runs }
        // The rename aside must work; only the rename back fails: fail renames of oldID after the first.
        let renames = Counter()
        await engine.setFailWhen { (call: EngineCall, target: String) -> Bool in call == .renameContainer && target == oldID && renames.next() > 1 }
        let run = try await Self.up(dir, engine, NoHistory(), state: state)
        guard case .failed(_, let error, let report) = run.outcome else { Issue.record("\(run.outcome)"); return }
        #expect(error.operation.hasPrefix("start fake-s4-1"))
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.description.contains("could not restore fake-s4-1 (s4)") == true, "\(report.failures)")
        #expect(Deployment.Outcome.failed(Plan(project: "fake"), error, report).recordedForTests == .restoreFailed)
        // The next run (the cause fixed) converges.
        await engine.setFailWhen(nil)
        await engine.setBehavior { (_: String, _: Engine.ContainerCreateRequest) -> FakeEngine.Behavior in .runs }
        try Self.write(dir, version: "1")
        _ = try await Self.up(dir, engine, NoHistory(), state: state)
        try await Self.expectConverged(dir, engine, "after a failed restore")
    }

    @Test("a run killed after any of its writes, every service replaced: the next run says so and converges, never running two")
    func killAfterEveryStep() async throws {
        // How many writes a full replacement of the ten services makes.
        let (probeDir, probe, probeState) = try await Self.fresh()
        let writesBefore = await probe.writeCount
        try Self.write(probeDir, version: "2")
        let full = try await Self.up(probeDir, probe, NoHistory(), state: probeState)
        guard case .applied = full.outcome else { Issue.record("\(full.outcome)"); return }
        let total = await probe.writeCount - writesBefore
        #expect(total >= 50, "10 replacements: rename, create, stop, start, remove each (\(total))")

        for k in 1..<total {
            let (dir, engine, state) = try await Self.fresh()
            let history = MemoryHistory(killSwitch: engine.killSwitch)
            try Self.write(dir, version: "2")
            await engine.setDieAfterWrites(k)
            _ = try? await Self.up(dir, engine, history, state: state)
            #expect(engine.killSwitch.killed, "k=\(k): the run was killed")
            let unfinished = try history.unfinishedRuns(project: "fake")
            #expect(unfinished.count == 1, "k=\(k)")
            await engine.revive()
            let next = try await Self.up(dir, engine, history, state: state)
            guard case .applied = next.outcome else {
                Issue.record("k=\(k): the next run did not converge: \(next.outcome)")
                continue
            }
            #expect(next.notes.contains { $0.hasPrefix("previous run 1 (up") && $0.contains("was interrupted") }, "k=\(k): \(next.notes)")
            #expect(try history.unfinishedRuns(project: "fake").isEmpty, "k=\(k)")
            #expect(history.all.first?.outcome == .recovered)
            try await Self.expectConverged(dir, engine, "k=\(k)")
        }
    }

    @Test("recovery from the engine alone (history lost): a run killed mid-replacement is converged")
    func recoveryWithoutHistory() async throws {
        for k in [3, 17, 26, 41] {
            let (dir, engine, state) = try await Self.fresh()
            try Self.write(dir, version: "2")
            await engine.setDieAfterWrites(k)
            _ = try? await Self.up(dir, engine, NoHistory(), state: state)
            await engine.revive()
            let next = try await Self.up(dir, engine, NoHistory(), state: state)
            guard case .applied = next.outcome else { Issue.record("k=\(k): \(next.outcome)"); continue }
            try await Self.expectConverged(dir, engine, "k=\(k), no history")
        }
    }

    @Test("a failed call at any write of a full replacement: restored or converged by the next run")
    func failAtEveryStep() async throws {
        for k in stride(from: 1, through: 120, by: 7) {
            let (dir, engine, state) = try await Self.fresh()
            try Self.write(dir, version: "2")
            let base = await engine.calls.count
            await engine.setFailCall(base + k)
            _ = try? await Self.up(dir, engine, NoHistory(), state: state)
            #expect(await engine.violations.isEmpty, "k=\(k)")
            await engine.setFailCall(nil)
            let next = try await Self.up(dir, engine, NoHistory(), state: state)
            guard case .applied = next.outcome else {
                if case .upToDate = next.outcome { try await Self.expectConverged(dir, engine, "k=\(k)"); continue }
                Issue.record("k=\(k): \(next.outcome)"); continue
            }
            try await Self.expectConverged(dir, engine, "fail k=\(k)")
        }
    }

    @Test("the journal: each write is recorded before its Engine call, with its typed cause and intent")
    func journal() async throws {
        let (dir, engine, state) = try await Self.fresh()
        try Self.write(dir, version: "2")
        let history = MemoryHistory()
        let run = try await Self.up(dir, engine, history, state: state)
        guard case .applied = run.outcome else { Issue.record("\(run.outcome)"); return }
        let summary = try #require(history.all.first)
        #expect(summary.outcome == .succeeded)
        #expect(summary.steps.count == 50)
        #expect(summary.steps.allSatisfy { $0.status == .succeeded })
        let rename = try #require(summary.steps.first { $0.record.action == "rename" && $0.record.service == "s1" })
        #expect(rename.record.cause == "definition-changed")
        #expect(rename.record.causeText == "recreate s1: its definition changed")
        #expect(rename.record.intent?.hasPrefix("replace s1: fake-s1-1 (") == true)
        #expect(summary.services.count == 10 && summary.services.allSatisfy { $0.containerID != nil })
    }

    @Test("plane doctor probes every method of the engine seam")
    func doctorCoversTheSeam() async throws {
        let engine = FakeEngine()
        _ = await EngineAccess.check(engine)
        let called = Set(await engine.calls.map(\.call))
        #expect(called == Set(EngineCall.allCases), "not probed: \(Set(EngineCall.allCases).subtracting(called))")
        #expect(Set(AccessProbe.all.map(\.call)) == Set(EngineCall.allCases))
    }

    @Test("a second mutating run on the project while one holds the lock: locked, naming the PID")
    func runLock() async throws {
        let (dir, engine, state) = try await Self.fresh()
        let held = try await StateDirectory(path: state.path).lock(project: "fake", timeout: .zero)
        let second = try await Self.up(dir, engine, NoHistory(), state: state)
        guard case .locked(let holder) = second.outcome else { Issue.record("\(second.outcome)"); return }
        #expect(holder.pid == getpid())
        #expect("skipped: \(holder)".hasPrefix("skipped: locked by PID \(getpid()) since 20"))
        held.release()
        let third = try await Self.up(dir, engine, NoHistory(), state: state)
        guard case .upToDate = third.outcome else { Issue.record("\(third.outcome)"); return }
    }
}

extension Deployment.Outcome {
    var recordedForTests: RunOutcome { recorded }
}

final class NotesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [String] = []
    func add(_ note: String) { lock.lock(); notes.append(note); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return notes }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
