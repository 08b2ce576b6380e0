import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// `plane upgrade` on the in-memory engine: profile by profile, gated, rolled back to the recorded
/// last-good by re-tagging; the freeze file holds with no engine call; a run killed after any of
/// its writes is converged by the next `up` (or `upgrade`) on the version the journal says.
@Suite("Upgrade on the fake engine")
struct UpgradeFakeEngineTests {
    static let core = "reg.test/app-core:stable"
    static let media = "reg.test/app-media:stable"
    static let v1 = "sha256:" + String(repeating: "1", count: 64)
    static let v2 = "sha256:" + String(repeating: "2", count: 64)
    static let v3 = "sha256:" + String(repeating: "3", count: 64)

    static func project(mediaDeploy: String = "") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-upgrade-fake-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = """
            name: upg
            services:
              web:
                image: \(core)
                profiles: [core]
                healthcheck: {test: ["CMD", "true"], interval: 50ms}
              db:
                image: \(core)
                profiles: [core]
              media:
                image: \(media)
                profiles: [medias]
                healthcheck: {test: ["CMD", "true"], interval: 50ms}
                \(mediaDeploy)
              still:
                image: local/busybox:1
                profiles: [medias]

            """
        try text.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func load(_ dir: URL) throws -> ResolvedProject {
        try ProjectLoader.load(ProjectOptions(profiles: ["*"], environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
    }

    static func options(_ state: URL, _ history: any DeploymentHistory, notes: NotesBox) -> Deployment.RunOptions {
        var options = Deployment.RunOptions(state: StateDirectory(path: state.path), history: history)
        options.pollInterval = .milliseconds(2)
        options.proofWindow = .milliseconds(20)
        options.waitTimeout = .seconds(5)
        options.onNote = { notes.add($0) }
        return options
    }

    /// A stack at v1 everywhere, converged; v1 came from the registry (it has a repo digest).
    static func fresh(mediaDeploy: String = "") async throws -> (URL, FakeEngine, URL) {
        let dir = try project(mediaDeploy: mediaDeploy)
        let engine = FakeEngine()
        await engine.setImage(core, id: v1, repoDigest: "reg.test/app-core@sha256:d1")
        await engine.setImage(media, id: v1, repoDigest: "reg.test/app-media@sha256:d1")
        await engine.setImage("local/busybox:1", id: "sha256:busybox")
        await engine.publish(core, digest: "sha256:d1", imageID: v1)
        await engine.publish(media, digest: "sha256:d1", imageID: v1)
        // A container whose image is v3 turns unhealthy.
        await engine.setBehavior { _, request in request.config.labels?[ComposeLabel.image] == v3 ? .turnsUnhealthy : .runs }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(UUID().uuidString.prefix(8))")
        let deployment = Deployment(project: try load(dir), request: UpRequest(profiles: ["*"]), engine: engine, key: UpFixture.key, skipLint: true)
        let first = try await deployment.up(options(state, NoHistory(), notes: NotesBox()))
        guard case .applied = first else { Issue.record("first up: \(first)"); throw CancellationError() }
        return (dir, engine, state)
    }

    static func upgrade(_ dir: URL, _ engine: FakeEngine, _ history: any DeploymentHistory, state: URL, atomic: Bool = false,
                        notes: NotesBox = NotesBox(), extraGate: (any UpgradeGate)? = nil) async throws -> Upgrade.Outcome {
        var upgrade = Upgrade(project: try load(dir), request: UpRequest(profiles: ["*"]), engine: engine, key: UpFixture.key)
        upgrade.skipLint = true
        upgrade.atomic = atomic
        upgrade.gate = ContainerHealthGate(timeout: .seconds(2), monitor: .milliseconds(10), pollInterval: .milliseconds(2))
        if let extraGate { upgrade.gate = AllGates([upgrade.gate, extraGate]) }
        return try await upgrade.run(options(state, history, notes: notes), freeze: FreezeFile(path: state.appendingPathComponent("freeze").path))
    }

    static func plan(_ dir: URL, _ engine: FakeEngine) async throws -> Plan {
        let deployment = Deployment(project: try load(dir), request: UpRequest(profiles: ["*"]), engine: engine, key: UpFixture.key, skipLint: true)
        guard case .planned(let preparation, _) = try await deployment.plan() else { throw CancellationError() }
        return preparation.plan
    }

    static func imageOf(_ engine: FakeEngine, _ service: String) async -> String? {
        await engine.container(named: "upg-\(service)-1")?.imageID
    }

    /// One running container per service under its name, nothing aside, no drift, v1 still present.
    static func expectConverged(_ dir: URL, _ engine: FakeEngine, _ context: String) async throws {
        let containers = await engine.containers
        for service in ["web", "db", "media", "still"] {
            let mine = containers.filter { $0.service == service }
            #expect(mine.count == 1 && mine.first?.name == "upg-\(service)-1" && mine.first?.state == "running",
                    "\(context): \(service): \(mine.map { "\($0.name) \($0.state)" })")
        }
        #expect(!containers.contains { $0.name.hasSuffix(PlaneLabel.replacedSuffix) }, "\(context): a container left aside")
        let again = try await plan(dir, engine)
        #expect(again.operations.isEmpty, "\(context): drift left:\n\(again.text)")
        let present = await engine.present
        #expect(present.contains(v1), "\(context): the last-good image v1 is gone")
        let violations = await engine.violations
        #expect(violations.isEmpty, "\(context): \(violations)")
    }

    @Test("v2 healthy in both profiles: upgraded in order, history has v1 -> v2 per service with the gate's verdict")
    func upgradesInOrder() async throws {
        let (dir, engine, state) = try await Self.fresh()
        await engine.publish(Self.core, digest: "sha256:d2", imageID: Self.v2)
        await engine.publish(Self.media, digest: "sha256:d2", imageID: Self.v2)
        let history = MemoryHistory()
        let outcome = try await Self.upgrade(dir, engine, history, state: state)
        guard case .upgraded(let report) = outcome else { Issue.record("\(outcome)"); return }
        #expect(report.changes.map(\.service).sorted() == ["db", "media", "web"])
        #expect(report.changes.allSatisfy { $0.status == .upgraded && $0.fromImage == Self.v1 && $0.toImage == Self.v2 && $0.gate == "passed" })
        #expect(report.changes.first { $0.service == "web" }?.fromDigest == "reg.test/app-core@sha256:d1")
        #expect(report.changes.first { $0.service == "web" }?.toDigest == "reg.test/app-core@sha256:d2")
        let web = await Self.imageOf(engine, "web"), media = await Self.imageOf(engine, "media")
        #expect(web == Self.v2 && media == Self.v2)
        let run = try #require(history.all.last)
        #expect(run.start.kind == .upgrade && run.outcome == .succeeded && run.imageChanges.count == 3)
        // core's pull comes before medias' (profiles in order).
        let pulls = run.steps.filter { $0.record.action == "pull" }.map(\.record.target)
        #expect(pulls == [Self.core, Self.media])
        // The untouched service was never replaced.
        #expect(!run.steps.contains { $0.record.service == "still" })
        try await Self.expectConverged(dir, engine, "after upgrade")
        // Nothing newer now.
        guard case .upToDate = try await Self.upgrade(dir, engine, history, state: state) else { Issue.record("second upgrade changed something"); return }
    }

    @Test("v3 unhealthy in medias: medias back on v1 by re-tagging (no drift), core keeps its verified v2; --atomic rolls core back too")
    func failingProfileRollsBack() async throws {
        for atomic in [false, true] {
            let (dir, engine, state) = try await Self.fresh()
            await engine.publish(Self.core, digest: "sha256:d2", imageID: Self.v2)
            await engine.publish(Self.media, digest: "sha256:d3", imageID: Self.v3)
            let history = MemoryHistory()
            let outcome = try await Self.upgrade(dir, engine, history, state: state, atomic: atomic)
            guard case .failed(let report) = outcome else { Issue.record("atomic=\(atomic): \(outcome)"); continue }
            #expect(report.failedProfile == "medias")
            #expect(report.failure?.contains("unhealthy") == true, "\(report.failure ?? "")")
            let media = try #require(report.changes.first { $0.service == "media" })
            #expect(media.status == .rolledBack && media.toImage == Self.v3)
            let mediaImage = await Self.imageOf(engine, "media"), tagged = await engine.images[Self.media]
            #expect(mediaImage == Self.v1)
            #expect(tagged == Self.v1, "the tag points at the last-good image again")
            let coreImage = atomic ? Self.v1 : Self.v2
            let webImage = await Self.imageOf(engine, "web")
            #expect(webImage == coreImage, "atomic=\(atomic)")
            #expect(report.changes.first { $0.service == "web" }?.status == (atomic ? .rolledBack : .upgraded))
            #expect(history.all.last?.outcome == .restored)
            try await Self.expectConverged(dir, engine, "atomic=\(atomic)")
        }
    }

    @Test("keep 2: once a run commits, images plane pulled beyond the two newest are removed; never the last-good, never before the commit")
    func prunesBeyondKeep() async throws {
        let (dir, engine, state) = try await Self.fresh()
        let history = MemoryHistory()
        let v4 = "sha256:" + String(repeating: "4", count: 64), v5 = "sha256:" + String(repeating: "5", count: 64)
        var pruned: [[String]] = []
        for (digest, id) in [("sha256:d2", Self.v2), ("sha256:d4", v4), ("sha256:d5", v5)] {
            await engine.publish(Self.core, digest: digest, imageID: id)
            guard case .upgraded(let report) = try await Self.upgrade(dir, engine, history, state: state) else { Issue.record("upgrade to \(id)"); return }
            pruned.append(report.pruned)
        }
        // v1 -> v2: nothing beyond 2; v2 -> v4: v1 was not pulled by plane; v4 -> v5: v2 goes.
        #expect(pruned == [[], [], [Self.v2]])
        let present = await engine.present
        #expect(!present.contains(Self.v2) && present.contains(v4) && present.contains(v5) && present.contains(Self.v1))

        // A failing run prunes nothing: the previous image stays until a run commits.
        await engine.publish(Self.core, digest: "sha256:d3", imageID: Self.v3)
        guard case .failed(let report) = try await Self.upgrade(dir, engine, history, state: state) else { Issue.record("v3 should fail"); return }
        #expect(report.pruned.isEmpty)
        let after = await engine.present
        #expect(after.contains(v4))
    }

    /// Healthy for Docker, wrong for the application (the v4 case): what `plane health` would catch.
    struct WrongAnswerGate: UpgradeGate {
        let badImage: String
        func verdict(on services: [DesiredService], engine: any ContainerEngine) async -> GateVerdict {
            var verdict = GateVerdict()
            for service in services where (try? await engine.inspectContainer(service.containerName))?.image == badImage {
                verdict.failures[service.name] = "answers 502 through the proxy"
            }
            return verdict
        }
    }

    @Test("a pluggable gate (healthy for Docker, wrong answer) rolls back; failure_action pause / continue keep the new version instead")
    func failureActionKeeps() async throws {
        let v4 = "sha256:" + String(repeating: "4", count: 64)
        do {
            let (dir, engine, state) = try await Self.fresh()
            await engine.publish(Self.media, digest: "sha256:d4", imageID: v4)
            guard case .failed(let report) = try await Self.upgrade(dir, engine, MemoryHistory(), state: state, extraGate: WrongAnswerGate(badImage: v4))
            else { Issue.record("the wrong answer passed the gate"); return }
            #expect(report.failure?.contains("answers 502") == true)
            let media = await Self.imageOf(engine, "media")
            #expect(media == Self.v1 && report.changes.first?.status == .rolledBack)
        }
        for action in ["pause", "continue"] {
            let (dir, engine, state) = try await Self.fresh(mediaDeploy: "deploy: {update_config: {failure_action: \(action), monitor: 20ms}}")
            await engine.publish(Self.core, digest: "sha256:d2", imageID: Self.v2)
            await engine.publish(Self.media, digest: "sha256:d4", imageID: v4)
            let history = MemoryHistory()
            guard case .failed(let report) = try await Self.upgrade(dir, engine, history, state: state, extraGate: WrongAnswerGate(badImage: v4)) else { Issue.record("failure_action \(action): the run did not fail"); continue }
            #expect(report.changes.first { $0.service == "media" }?.status == .kept, "\(action)")
            #expect(report.changes.first { $0.service == "web" }?.status == .upgraded, "\(action)")
            let media = await Self.imageOf(engine, "media")
            #expect(media == v4, "\(action): left on the new version")
            #expect(history.all.last?.outcome == .failed)
            #expect(!(history.all.last?.steps.contains { $0.record.action == "tag" } ?? true), "\(action): nothing re-tagged")
        }
    }

    @Test("RolloutPolicy reads update_config and rollback_config; a profile takes the strictest of its services")
    func rolloutPolicy() throws {
        let dir = try Self.project(mediaDeploy: """
            deploy:
                  update_config: {monitor: 1m30s, delay: 2s, failure_action: pause, order: start-first}
                  rollback_config: {monitor: 5s}
            """)
        let project = try Self.load(dir)
        let media = RolloutPolicy.of(project.services["media"])
        #expect(media.monitor == .seconds(90) && media.delay == .seconds(2) && media.failureAction == .pause && media.startFirst)
        #expect(media.rollbackMonitor == .seconds(5))
        let web = RolloutPolicy.of(project.services["web"])
        #expect(web == RolloutPolicy())
        let both = RolloutPolicy.combined([media, web])
        #expect(both.failureAction == .rollback && both.monitor == .seconds(90) && both.delay == .seconds(2))
        #expect(RolloutPolicy.combined([media]).failureAction == .pause)
    }

    @Test("Docker's gate by default (compose's monitor default, 0 s) asks each container once; update_config.monitor makes it watch")
    func monitorDefault() async throws {
        let (dir, engine, _) = try await Self.fresh()
        let services = try UpFixture.desired(try Self.load(dir), profiles: ["core"]).services
        func inspects(_ gate: ContainerHealthGate) async -> (Bool, Int) {
            let before = await engine.calls.count
            let verdict = await gate.verdict(on: services, engine: engine)
            return (verdict.passed, await engine.calls.dropFirst(before).filter { $0.call == .inspectContainer }.count)
        }
        let (passed, once) = await inspects(ContainerHealthGate(pollInterval: .milliseconds(5)))
        #expect(passed && once == services.count, "\(once) inspections for \(services.count) services")
        let watched = try #require(Upgrade.gate(ContainerHealthGate(pollInterval: .milliseconds(5)), monitor: .milliseconds(100)) as? ContainerHealthGate)
        let clock = ContinuousClock(), start = clock.now
        let (held, many) = await inspects(watched)
        // Bounds that hold on a loaded machine too: the window is waited out, and asked more than once.
        #expect(held && clock.now - start >= .milliseconds(100) && many >= services.count * 2,
                "\(many) inspections, \(clock.now - start) for a 100 ms window")
    }

    @Test("a service that builds its image (build:, pull_policy: build | never) is not looked up in a registry and is no failed lookup; an unknown tag is")
    func locallyBuiltNotLookedUp() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-upgrade-built-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
            name: upg
            services:
              web: {image: \(Self.core), profiles: [core]}
              app: {image: "local/app:dev", build: ., profiles: [core]}
              tool: {image: "local/tool:dev", pull_policy: never, profiles: [core]}
              gone: {image: "reg.test/nowhere:1", profiles: [core]}
            """.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let engine = FakeEngine()
        await engine.publish(Self.core, digest: "sha256:d1", imageID: Self.v1)
        let upgrade = Upgrade(project: try Self.load(dir), request: UpRequest(profiles: ["*"]), engine: engine, key: UpFixture.key)
        let found = Dictionary(uniqueKeysWithValues: try await upgrade.candidates().2.map { ($0.service, $0) })
        #expect(found["app"]?.skip == .builtLocally && found["tool"]?.skip == .builtLocally)
        #expect(found["app"]?.lookupFailed == false && found["tool"]?.lookupFailed == false && found["web"]?.lookupFailed == false)
        #expect(found["gone"]?.lookupFailed == true, "\(String(describing: found["gone"]))")
        let lookedUp = await engine.calls.filter { $0.call == .distributionInspect }.map(\.target)
        #expect(!lookedUp.contains { $0.contains("local/") }, "\(lookedUp)")
    }

    @Test("the freeze file: held with its reason, and the engine sees no call at all")
    func freezeHolds() async throws {
        let (dir, engine, state) = try await Self.fresh()
        await engine.publish(Self.core, digest: "sha256:d2", imageID: Self.v2)
        try "upgrading the NAS this weekend\n".write(to: state.appendingPathComponent("freeze"), atomically: true, encoding: .utf8)
        let before = await engine.calls.count
        let outcome = try await Self.upgrade(dir, engine, MemoryHistory(), state: state)
        guard case .held(let reason, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason == "upgrading the NAS this weekend")
        let calls = await engine.calls
        #expect(calls.count == before, "engine calls while held: \(calls.dropFirst(before).map(\.call))")
    }

    @Test("plane rollback puts the services of the last upgrade back on their last-good images, gated, recorded")
    func rollbackCommand() async throws {
        let (dir, engine, state) = try await Self.fresh()
        await engine.publish(Self.core, digest: "sha256:d2", imageID: Self.v2)
        let history = MemoryHistory()
        guard case .upgraded = try await Self.upgrade(dir, engine, history, state: state) else { Issue.record("upgrade"); return }
        var upgrade = Upgrade(project: try Self.load(dir), request: UpRequest(profiles: ["*"]), engine: engine, key: UpFixture.key)
        upgrade.skipLint = true
        upgrade.gate = ContainerHealthGate(timeout: .seconds(2), monitor: .milliseconds(10), pollInterval: .milliseconds(2))
        let outcome = try await upgrade.rollback(Self.options(state, history, notes: NotesBox()),
                                                 freeze: FreezeFile(path: state.appendingPathComponent("freeze").path), to: nil)
        guard case .upgraded(let report) = outcome else { Issue.record("\(outcome)"); return }
        #expect(report.changes.filter { $0.status == .rolledBack }.map(\.service).sorted() == ["db", "web"])
        let web = await Self.imageOf(engine, "web")
        #expect(web == Self.v1)
        #expect(history.all.last?.start.kind == .rollback)
        let change = try #require(history.all.last?.imageChanges.first { $0.service == "web" })
        #expect(change.fromImage == Self.v2 && change.toImage == Self.v1 && change.status == .rolledBack)
        try await Self.expectConverged(dir, engine, "after rollback")
    }

    @Test("killed after any write of an upgrade whose medias fails (pull, rename, start, gate, rollback): the next up converges, last-good kept")
    func killAfterEveryWrite() async throws {
        // How many writes the whole failing upgrade makes.
        let (probeDir, probe, probeState) = try await Self.fresh()
        await probe.publish(Self.core, digest: "sha256:d2", imageID: Self.v2)
        await probe.publish(Self.media, digest: "sha256:d3", imageID: Self.v3)
        let before = await probe.writeCount
        _ = try await Self.upgrade(probeDir, probe, MemoryHistory(), state: probeState)
        let total = await probe.writeCount - before
        #expect(total >= 20, "pulls, replacements, a gate failure and a rollback (\(total) writes)")

        for k in 1..<total {
            let (dir, engine, state) = try await Self.fresh()
            await engine.publish(Self.core, digest: "sha256:d2", imageID: Self.v2)
            await engine.publish(Self.media, digest: "sha256:d3", imageID: Self.v3)
            let history = MemoryHistory(killSwitch: engine.killSwitch)
            await engine.setDieAfterWrites(k)
            _ = try? await Self.upgrade(dir, engine, history, state: state)
            #expect(engine.killSwitch.killed, "k=\(k): the run was killed")
            await engine.revive()
            let notes = NotesBox()
            // Every third kill is converged by the next upgrade, the others by up.
            if k % 3 == 0 {
                _ = try await Self.upgrade(dir, engine, history, state: state, notes: notes)
            } else {
                let deployment = Deployment(project: try Self.load(dir), request: UpRequest(profiles: ["*"]), engine: engine, key: UpFixture.key, skipLint: true)
                let next = try await deployment.up(Self.options(state, history, notes: notes))
                switch next {
                case .applied, .upToDate: break
                default: Issue.record("k=\(k): the next up did not converge: \(next)")
                }
            }
            try await Self.expectConverged(dir, engine, "k=\(k)")
            // medias never stays on the failing v3.
            let media = await Self.imageOf(engine, "media")
            #expect(media == Self.v1, "k=\(k): media runs \(media ?? "nothing")")
            #expect(try history.unfinishedRuns(project: "upg").isEmpty, "k=\(k)")
        }
    }
}
