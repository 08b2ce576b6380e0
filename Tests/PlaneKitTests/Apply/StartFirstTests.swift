import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// `deploy.update_config.order: start-first` on the in-memory engine: the plan's order (the old
/// container stopped only after the new one is proven), the stop-first fallback when two copies
/// cannot coexist, the Traefik drain's order through a recording `RouteWatching`, a failed new
/// container (the old one never stopped, put back), and a run killed with both running.
@Suite("start-first replacements on the fake engine")
struct StartFirstTests {
    static let image = "reg.test/app:stable"
    static let v1 = "sha256:" + String(repeating: "1", count: 64)
    static let v2 = "sha256:" + String(repeating: "2", count: 64)

    static func project() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-start-first-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
            name: sf
            services:
              web:
                image: \(image)
                healthcheck: {test: ["CMD", "true"], interval: 50ms}
                stop_grace_period: 7s
                deploy: {update_config: {order: start-first}}
              pub:
                image: \(image)
                ports: ["8080:80"]
                deploy: {update_config: {order: start-first}}
              plain:
                image: \(image)

            """.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func load(_ dir: URL) throws -> ResolvedProject {
        try ProjectLoader.load(ProjectOptions(environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
    }

    static func options(routes: (any RouteWatching)? = nil) -> Deployment.RunOptions {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(UUID().uuidString.prefix(8))")
        var options = Deployment.RunOptions(state: StateDirectory(path: state.path), history: NoHistory())
        options.pollInterval = .milliseconds(2)
        options.proofWindow = .milliseconds(20)
        options.waitTimeout = .seconds(5)
        options.routes = routes
        return options
    }

    /// Every service up on v1, then the tag moved to v2 (each service is a replacement).
    static func fresh() async throws -> (ResolvedProject, FakeEngine) {
        let project = try load(try project())
        let engine = FakeEngine()
        await engine.setImage(image, id: v1)
        await engine.setCoexisting(["web"])
        let first = try await deploy(project, engine).up(options())
        guard case .applied = first else { Issue.record("first up: \(first)"); throw CancellationError() }
        await engine.setImage(image, id: v2)
        return (project, engine)
    }

    static func deploy(_ project: ResolvedProject, _ engine: FakeEngine) -> Deployment {
        Deployment(project: project, request: UpRequest(), engine: engine, key: UpFixture.key, skipLint: true)
    }

    static func id(_ engine: FakeEngine, _ name: String) async -> String {
        await engine.container(named: name)?.id ?? "?"
    }

    @Test("the plan: web starts beside its old container, which is stopped (its grace period) only after web is proven; pub publishes a port and falls back to stop-first with a note")
    func planOrder() async throws {
        let (project, engine) = try await Self.fresh()
        let plan = try await Convergence.prepare(project: project, request: UpRequest(), engine: engine, key: UpFixture.key).plan
        let web = plan.text.split(separator: "\n").filter { $0.contains("sf-web-1") }.joined(separator: "\n")
        #expect(web == """
            rename sf-web-1 to sf-web-1_plane-old: recreate web: image \(Self.image) changed (111111111111 -> 222222222222)
            create container sf-web-1: recreate web: image \(Self.image) changed (111111111111 -> 222222222222)
            start sf-web-1: start-first: starts beside sf-web-1_plane-old, which keeps serving
            stop sf-web-1_plane-old: start-first: the new sf-web-1 is proven and takes over, after web is healthy
            remove container sf-web-1_plane-old: replaced by the new sf-web-1
            """, "\(plan.text)")
        let start = try #require(plan.operations.first { if case .startContainer(let c) = $0.action { c.name == "sf-web-1" } else { false } })
        let stop = try #require(plan.operations.first { if case .stopContainer(let c, _) = $0.action { c.name == "sf-web-1_plane-old" } else { false } })
        #expect(stop.after.contains(start.id) && !start.after.contains(stop.id))
        #expect(stop.gates.map(\.proof) == [true] && stop.takeOver == "sf-web-1")
        guard case .stopContainer(_, let timeout) = stop.action else { return }
        #expect(timeout == 7, "the old container's stop keeps its grace period")
        // pub: stop-first (its old container stopped before the new one starts), and the note says why.
        let pubStop = try #require(plan.operations.first { if case .stopContainer(let c, _) = $0.action { c.name == "sf-pub-1_plane-old" } else { false } })
        let pubStart = try #require(plan.operations.first { if case .startContainer(let c) = $0.action { c.name == "sf-pub-1" } else { false } })
        #expect(pubStart.after.contains(pubStop.id))
        #expect(plan.notes.contains("pub: deploy.update_config.order start-first falls back to stop-first: it publishes host port 8080:80/tcp (both copies cannot bind it)"),
                "\(plan.notes)")
        // A service without update_config stays stop-first, without a note.
        #expect(!plan.notes.contains { $0.hasPrefix("plain:") })
        #expect(plan.text.contains("stop sf-plain-1_plane-old: the new sf-plain-1 takes over"))
    }

    @Test("run: web's new container runs beside the old one, the old one is stopped only after the new one started; pub and plain never overlap")
    func runOrder() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        let before = await engine.calls.count
        let outcome = try await Self.deploy(project, engine).up(Self.options())
        guard case .applied = outcome else { Issue.record("\(outcome)"); return }
        let calls = await engine.calls.dropFirst(before).map { "\($0.call.rawValue) \($0.target)" }
        let startNew = try #require(calls.firstIndex(of: "startContainer sf-web-1"))
        let stopOld = try #require(calls.firstIndex(of: "stopContainer \(oldWeb)"))
        #expect(startNew < stopOld, "\(calls)")
        let overlaps = await engine.overlaps, violations = await engine.violations
        #expect(overlaps == ["service web: sf-web-1_plane-old and sf-web-1 running at once"])
        #expect(violations.isEmpty, "\(violations)")
        let web = await engine.containers.filter { $0.service == "web" }
        #expect(web.map(\.name) == ["sf-web-1"] && web.first?.imageID == Self.v2 && web.first?.state == "running")
        #expect(!calls.contains { $0.hasPrefix("pauseContainer") }, "no Traefik: nothing paused")
    }

    @Test("a new container that turns unhealthy: the old one is never stopped, and is put back under its name (same ID)")
    func failedNewKeepsOld() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        await engine.setBehavior { name, _ in name == "sf-web-1" ? .turnsUnhealthy : .runs }
        let before = await engine.calls.count
        let outcome = try await Self.deploy(project, engine).up(Self.options())
        guard case .failed(_, let error, let report) = outcome else { Issue.record("\(outcome)"); return }
        #expect(error.reason.contains("unhealthy"), "\(error.reason)")
        let calls = await engine.calls.dropFirst(before).map { "\($0.call.rawValue) \($0.target)" }
        #expect(!calls.contains("stopContainer \(oldWeb)"), "the old container was stopped: \(calls)")
        #expect(report.restored.contains { $0.container == "sf-web-1" })
        let web = await engine.containers.filter { $0.service == "web" }
        #expect(web.map(\.id) == [oldWeb] && web.first?.name == "sf-web-1" && web.first?.state == "running")
    }

    /// `up` behind a recording Traefik; the warnings it printed. Records an issue unless the run applied.
    static func upBehindTraefik(_ project: ResolvedProject, _ engine: FakeEngine) async throws -> [String] {
        let notes = NotesBox()
        var options = options(routes: RecordingRoutes(engine: engine))
        options.onEvent = { event in if event.status == .warning { notes.add(event.message) } }
        let outcome = try await deploy(project, engine).up(options)
        if case .applied = outcome {} else { Issue.record("\(outcome)") }
        return notes.all
    }

    /// The new web runs under its name; the old one is gone.
    static func expectTakenOver(_ engine: FakeEngine) async {
        #expect(await engine.container(named: "sf-web-1")?.state == "running")
        #expect(await engine.container(named: "sf-web-1_plane-old") == nil)
    }

    /// The calls of a drain, in order: pauses, unpauses, the old one's stop, and the announcer's
    /// create, start and removal (its ID written `announcer`).
    static func drainCalls(_ engine: FakeEngine, since before: Int, old: String, new: String) async -> [String] {
        let calls = await engine.calls.dropFirst(before)
        let names = await engine.createdNames
        // Other services deploy concurrently: an announcer is known by the name it was created with, not by
        // the call that follows its create.
        let announcers = Set(names.filter { $0.value.hasSuffix(PlaneLabel.drainSuffix) }.keys)
        var result: [String] = []
        for (call, target) in calls {
            let who = target == old ? "old" : target == new ? "new" : announcers.contains(target) ? "announcer" : target
            let announcing = who == "announcer" || who.hasSuffix(PlaneLabel.drainSuffix)
            switch call {
            case .pauseContainer, .unpauseContainer: result.append("\(call.rawValue) \(who)")
            case .createContainer, .startContainer, .removeContainer: if announcing { result.append("\(call.rawValue) \(who)") }
            case .stopContainer: if who == "old" { result.append("\(call.rawValue) \(who)") }
            default: break
            }
        }
        return result
    }

    @Test("behind Traefik: routed, the old one paused, an announcer started and removed (the new one never touched), handed over, the old one unpaused, then stopped")
    func drainOrder() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        let routes = RecordingRoutes(engine: engine)
        let requests = RequestBox()
        await engine.setBehavior { name, request in
            if name.hasSuffix(PlaneLabel.drainSuffix) { requests.add(request) }
            return .runs
        }
        let before = await engine.calls.count
        let outcome = try await Self.deploy(project, engine).up(Self.options(routes: routes))
        guard case .applied = outcome else { Issue.record("\(outcome)"); return }
        let newWeb = await Self.id(engine, "sf-web-1")
        let calls = await Self.drainCalls(engine, since: before, old: oldWeb, new: newWeb)
        #expect(calls == ["pauseContainer old", "createContainer sf-web-1_plane-drain",
                          "startContainer announcer", "removeContainer announcer", "unpauseContainer old", "stopContainer old"], "\(calls)")
        // waitRouted saw both running and the old one not yet paused; the handover, the old one paused, not stopped, the announcer gone.
        #expect(routes.log == ["routed web sf-web-1: old running, new running",
                               "handover web sf-web-1_plane-old -> sf-web-1: old paused, new running, announcer gone"], "\(routes.log)")
        // pub (stop-first) and plain are never drained.
        #expect(!routes.log.contains { $0.contains("pub") || $0.contains("plain") })
        // The announcer: the new image, the healthcheck's command, no network, no healthcheck, no compose label, ignored by Traefik.
        let announcer = try #require(requests.all.first)
        #expect(requests.all.count == 1)
        #expect(announcer.config.image == Self.v2)
        #expect(announcer.config.entrypoint == ["true"])
        #expect(announcer.config.healthcheck?.test == ["NONE"])
        #expect(announcer.hostConfig?.networkMode == "none" && announcer.hostConfig?.autoRemove == true)
        #expect(announcer.config.labels == ["traefik.enable": "false", PlaneLabel.drain: "sf"])
        #expect(await engine.container(named: "sf-web-1_plane-drain") == nil)
    }

    @Test("the announcer's command: CMD-SHELL through /bin/sh -c, CMD as given, `true` without a test")
    func announcerCommand() {
        #expect(Executor.command(of: ["CMD-SHELL", "wget -qO- http://localhost/ || exit 1"]) == ["/bin/sh", "-c", "wget -qO- http://localhost/ || exit 1"])
        #expect(Executor.command(of: ["CMD", "/healthcheck", "--quiet"]) == ["/healthcheck", "--quiet"])
        #expect(Executor.command(of: ["NONE"]) == ["true"])
        #expect(Executor.command(of: []) == ["true"])
    }

    @Test("behind Traefik, not handed over after the first announcement: a second announcer, then the old one unpaused and stopped; the new one never paused")
    func drainAnnouncesTwice() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        let routes = RecordingRoutes(engine: engine, handedOverAfter: 2)
        let before = await engine.calls.count
        let outcome = try await Self.deploy(project, engine).up(Self.options(routes: routes))
        guard case .applied = outcome else { Issue.record("\(outcome)"); return }
        let newWeb = await Self.id(engine, "sf-web-1")
        let calls = await Self.drainCalls(engine, since: before, old: oldWeb, new: newWeb)
        let announcement = ["createContainer sf-web-1_plane-drain", "startContainer announcer", "removeContainer announcer"]
        #expect(calls == ["pauseContainer old"] + announcement + announcement + ["unpauseContainer old", "stopContainer old"], "\(calls)")
        #expect(routes.log.filter { $0.hasPrefix("handover") }.count == 2)
    }

    @Test("behind Traefik, no announcer can be created: the old one is unpaused and stopped with a warning, the upgrade completes, the new one never paused")
    func announcerFails() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        await engine.setFailWhen { call, target in call == .createContainer && target.hasSuffix(PlaneLabel.drainSuffix) }
        let before = await engine.calls.count
        let warnings = try await Self.upBehindTraefik(project, engine)
        let newWeb = await Self.id(engine, "sf-web-1")
        let calls = await Self.drainCalls(engine, since: before, old: oldWeb, new: newWeb)
        #expect(calls == ["pauseContainer old", "createContainer sf-web-1_plane-drain", "unpauseContainer old", "stopContainer old"], "\(calls)")
        await Self.expectTakenOver(engine)
        #expect(warnings.contains { $0.contains("still in Traefik's load balancer") && $0.contains("no container could be started") }, "\(warnings)")
    }

    @Test("an announcer left by a killed run (same name, plane's label) is removed before the next one is created; a stranger's container of that name is left alone")
    func staleAnnouncerRemoved() async throws {
        for labelled in [true, false] {
            let (project, engine) = try await Self.fresh()
            var config = Engine.ContainerConfig()
            config.image = Self.image
            config.labels = labelled ? [PlaneLabel.drain: "sf"] : [:]
            let stale = try await engine.createContainer(name: "sf-web-1_plane-drain", Engine.ContainerCreateRequest(config: config)).id
            let warnings = try await Self.upBehindTraefik(project, engine)
            await Self.expectTakenOver(engine)
            if labelled {
                #expect(await engine.container(named: "sf-web-1_plane-drain") == nil)
                #expect(warnings.isEmpty, "\(warnings)")
            } else {
                #expect(await engine.container(named: "sf-web-1_plane-drain")?.id == stale, "a stranger's container is never removed")
                #expect(warnings.contains { $0.contains("plane did not make it") && $0.contains("stopped anyway") }, "\(warnings)")
            }
        }
    }

    @Test("pause failing for a moment is retried; failing for good, the upgrade still completes: the new one never left paused, the old one stopped with a warning")
    func pauseFailures() async throws {
        // Once: the first pause of the old container fails (runc's "unable to freeze"), the retry drains as usual.
        do {
            let (project, engine) = try await Self.fresh()
            let failures = FailureCount(1)
            await engine.setFailWhen { call, _ in call == .pauseContainer && failures.take() }
            _ = try await Self.upBehindTraefik(project, engine)
            await Self.expectTakenOver(engine)
        }
        // Always: no drain, but the proven new container takes over and is never paused; a warning says why.
        do {
            let (project, engine) = try await Self.fresh()
            await engine.setFailWhen { call, _ in call == .pauseContainer }
            let warnings = try await Self.upBehindTraefik(project, engine)
            await Self.expectTakenOver(engine)
            #expect(warnings.contains { $0.contains("could not be paused") && $0.contains("stopped without a drain") }, "\(warnings)")
        }
    }

    @Test("behind Traefik, the new container never routed: the step fails, the old one (never paused or stopped) is put back")
    func notRoutedFails() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        let routes = RecordingRoutes(engine: engine, routed: false)
        let before = await engine.calls.count
        let outcome = try await Self.deploy(project, engine).up(Self.options(routes: routes))
        guard case .failed(_, let error, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(error.reason.contains("not routed by Traefik"), "\(error.reason)")
        let calls = await engine.calls.dropFirst(before).map { "\($0.call.rawValue) \($0.target)" }
        #expect(!calls.contains { $0.hasSuffix(oldWeb) && ($0.hasPrefix("pause") || $0.hasPrefix("stop")) }, "\(calls)")
        let web = await engine.containers.filter { $0.service == "web" }
        #expect(web.map(\.id) == [oldWeb] && web.first?.name == "sf-web-1" && web.first?.state == "running")
    }

    @Test("killed in the drain, the old container paused: the next up stops and removes it (a paused container counts as up), the new one stays")
    func killedDuringDrain() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        let request = UpRequest(profiles: [], services: ["web"], withDependencies: false)
        // writes: rename, create, start, pause the old one; plane dies at its announcement.
        await engine.setDieAfterWrites(4)
        _ = try? await Deployment(project: project, request: request, engine: engine, key: UpFixture.key, skipLint: true)
            .up(Self.options(routes: RecordingRoutes(engine: engine)))
        await engine.revive()
        let between = await engine.containers.filter { $0.service == "web" }.map { "\($0.name) \($0.state)" }.sorted()
        #expect(between == ["sf-web-1 running", "sf-web-1_plane-old paused"], "\(between)")
        let outcome = try await Deployment(project: project, request: request, engine: engine, key: UpFixture.key, skipLint: true).up(Self.options())
        guard case .applied = outcome else { Issue.record("\(outcome)"); return }
        let web = await engine.containers.filter { $0.service == "web" }
        #expect(web.count == 1 && web.first?.name == "sf-web-1" && web.first?.id != oldWeb && web.first?.state == "running", "\(web.map(\.name))")
    }

    @Test("killed with both running (after the new one's start): the next up proves the new one, then stops and removes the old one")
    func killedBothRunning() async throws {
        let (project, engine) = try await Self.fresh()
        let oldWeb = await Self.id(engine, "sf-web-1")
        // web alone, so that its writes are the run's first three: rename, create, start; then plane dies.
        let request = UpRequest(profiles: [], services: ["web"], withDependencies: false)
        await engine.setDieAfterWrites(3)
        _ = try? await Deployment(project: project, request: request, engine: engine, key: UpFixture.key, skipLint: true).up(Self.options())
        await engine.revive()
        let between = await engine.containers.filter { $0.service == "web" }.map { "\($0.name) \($0.state)" }.sorted()
        #expect(between == ["sf-web-1 running", "sf-web-1_plane-old running"], "\(between)")
        let plan = try await Convergence.prepare(project: project, request: request, engine: engine, key: UpFixture.key).plan
        // Both running: the old one keeps serving until the new one is proven (not stopped at once).
        #expect(plan.operations.first?.takeOver == "sf-web-1", "drained from Traefik first, as the interrupted run would have")
        #expect(plan.text == """
            stop sf-web-1_plane-old: an interrupted replacement left it aside; the new sf-web-1 takes over, after web is healthy
            remove container sf-web-1_plane-old: left by an interrupted replacement; sf-web-1 is up to date, after web is healthy

            """, "\(plan.text)")
        let outcome = try await Deployment(project: project, request: request, engine: engine, key: UpFixture.key, skipLint: true).up(Self.options())
        guard case .applied = outcome else { Issue.record("\(outcome)"); return }
        let web = await engine.containers.filter { $0.service == "web" }
        #expect(web.count == 1 && web.first?.name == "sf-web-1" && web.first?.id != oldWeb && web.first?.imageID == Self.v2 && web.first?.state == "running")
    }
}

/// A `RouteWatching` that records what the engine shows at each wait (old and new container states,
/// and at the handover whether the announcer is gone).
final class RecordingRoutes: RouteWatching, @unchecked Sendable {
    let engine: FakeEngine
    let routed: Bool
    /// Traefik hands over at this call of `waitHandedOver` (the ones before time out).
    let handedOverAfter: Int
    private let lock = NSLock()
    private var entries: [String] = []
    var log: [String] { lock.withLock { entries } }

    init(engine: FakeEngine, routed: Bool = true, handedOverAfter: Int = 1) {
        self.engine = engine
        self.routed = routed
        self.handedOverAfter = handedOverAfter
    }

    private func states(_ service: String) async -> String {
        let old = await engine.container(named: "sf-\(service)-1_plane-old")?.state ?? "gone"
        let new = await engine.container(named: "sf-\(service)-1")?.state ?? "gone"
        return "old \(old), new \(new)"
    }

    private static func name(_ container: Engine.ContainerInspect) -> String {
        container.name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? "?"
    }

    func waitRouted(service: String, container: Engine.ContainerInspect, timeout: Duration) async -> RouteWait {
        let line = "routed \(service) \(Self.name(container)): \(await states(service))"
        lock.withLock { entries.append(line) }
        return routed ? .holds("10.0.0.2 UP in \(service)@docker") : .failed("Traefik lists no UP server at 10.0.0.2")
    }

    func waitHandedOver(service: String, from old: Engine.ContainerInspect, to new: Engine.ContainerInspect, timeout: Duration) async -> RouteWait {
        let announcer = await engine.container(named: "sf-\(service)-1\(PlaneLabel.drainSuffix)") == nil ? "announcer gone" : "announcer left"
        let line = "handover \(service) \(Self.name(old)) -> \(Self.name(new)): \(await states(service)), \(announcer)"
        let calls = lock.withLock { entries.append(line); return entries.filter { $0.hasPrefix("handover") }.count }
        return calls >= handedOverAfter ? .holds("no Traefik service lists 10.0.0.1; 10.0.0.2 UP") : .failed("sf-web@docker still lists 10.0.0.1")
    }
}

/// The create requests a test saw.
final class RequestBox: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [Engine.ContainerCreateRequest] = []
    var all: [Engine.ContainerCreateRequest] { lock.withLock { requests } }
    func add(_ request: Engine.ContainerCreateRequest) { lock.withLock { requests.append(request) } }
}

/// Says yes `count` times, then no.
final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int
    init(_ count: Int) { left = count }
    func take() -> Bool { lock.withLock { guard left > 0 else { return false }; left -= 1; return true } }
}
