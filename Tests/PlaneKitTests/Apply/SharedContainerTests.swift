import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// Services that name another service's container (`network_mode: service:vpn`, gluetun's pattern,
/// and `volumes_from`) on the in-memory engine: compose's label carries vpn's container ID, as
/// compose's `up` stamps it; vpn replaced, the services sharing it are recreated with it (kept,
/// they would stay in the old container's namespace); start-first cannot apply to a service that
/// shares a network namespace.
@Suite("services sharing another service's container, on the fake engine")
struct SharedContainerTests {
    static let image = "reg.test/app:stable"
    static let v1 = "sha256:" + String(repeating: "1", count: 64)

    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-shared-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The project of `write(region: "one")` deployed on a new fake engine (the first up applied).
    static func deployed() async throws -> (URL, FakeEngine) {
        let dir = try directory()
        try write(region: "one", in: dir)
        let engine = FakeEngine()
        await engine.setImage(image, id: v1)
        let outcome = try await up(try load(dir), engine)
        guard case .applied = outcome else { throw SetupError("first up: \(outcome)") }
        return (dir, engine)
    }

    static func write(region: String, in dir: URL) throws {
        try """
            name: sh
            services:
              vpn:
                image: \(image)
                environment: {REGION: "\(region)"}
              behind:
                image: \(image)
                network_mode: "service:vpn"
                deploy: {update_config: {order: start-first}}
              mounts:
                image: \(image)
                volumes_from: ["vpn:ro"]
              alone:
                image: \(image)

            """.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
    }

    static func load(_ dir: URL) throws -> ResolvedProject {
        try ProjectLoader.load(ProjectOptions(environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
    }

    static func options() -> Deployment.RunOptions {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(UUID().uuidString.prefix(8))")
        var options = Deployment.RunOptions(state: StateDirectory(path: state.path), history: NoHistory())
        options.pollInterval = .milliseconds(2)
        options.proofWindow = .milliseconds(20)
        options.waitTimeout = .seconds(5)
        return options
    }

    static func up(_ project: ResolvedProject, _ engine: FakeEngine) async throws -> Deployment.Outcome {
        try await Deployment(project: project, request: UpRequest(), engine: engine, key: UpFixture.key, skipLint: true).up(options())
    }

    /// compose's label for `service` with vpn's current container ID, computed apart from the plan.
    static func composeLabel(_ service: String, _ project: ResolvedProject, _ engine: FakeEngine) async -> String? {
        let vpn = await engine.container(named: "sh-vpn-1")?.id
        return ComposeServiceHash.hash(service: service, in: project, flavor: .upLabel, containerID: { $0 == "vpn" ? vpn : nil })
    }

    static func label(_ service: String, _ engine: FakeEngine) async -> String? {
        await engine.container(named: "sh-\(service)-1")?.labels[ComposeLabel.configHash]
    }

    /// `service`'s container carries compose's label for vpn's current container.
    static func labelNamesCurrentVPN(_ service: String, _ project: ResolvedProject, _ engine: FakeEngine) async -> Bool {
        let label = await label(service, engine), expected = await composeLabel(service, project, engine)
        return label != nil && label == expected
    }

    @Test("up: behind's and mounts' labels carry vpn's container ID (as compose's up stamps them); a second up writes nothing")
    func labelsCarryTheID() async throws {
        let (dir, engine) = try await Self.deployed()
        let project = try Self.load(dir)
        for service in ["behind", "mounts"] {
            let idless = ComposeServiceHash.hash(service: service, in: project, flavor: .upLabel)
            let current = await Self.labelNamesCurrentVPN(service, project, engine), label = await Self.label(service, engine)
            #expect(current && label != idless, "\(service)")
        }
        let writes = await engine.writeCount
        guard case .upToDate = try await Self.up(project, engine) else { Issue.record("second up is not up to date"); return }
        #expect(await engine.writeCount == writes)
    }

    @Test("vpn changed: vpn replaced, behind and mounts recreated after it with the new ID (behind stop-first: one namespace), alone untouched; then up to date")
    func replacedTogether() async throws {
        let (dir, engine) = try await Self.deployed()
        let before = await engine.containers.reduce(into: [String: String]()) { $0[$1.name] = $1.id }

        try Self.write(region: "two", in: dir)
        let project = try Self.load(dir)
        let plan = try await Convergence.prepare(project: project, request: UpRequest(), engine: engine, key: UpFixture.key).plan
        #expect(plan.text.contains("create container sh-behind-1: recreate behind: it shares the container of vpn"), "\(plan.text)")
        #expect(plan.text.contains("create container sh-mounts-1: recreate mounts: it shares the container of vpn"), "\(plan.text)")
        #expect(plan.notes.contains { $0.contains("behind: deploy.update_config.order start-first falls back to stop-first") && $0.contains("network namespace") },
                "\(plan.notes)")
        #expect(!plan.text.contains("sh-alone-1"), "\(plan.text)")

        guard case .applied = try await Self.up(project, engine) else { Issue.record("the replacing up"); return }
        let after = await engine.containers.reduce(into: [String: String]()) { $0[$1.name] = $1.id }
        for name in ["sh-vpn-1", "sh-behind-1", "sh-mounts-1"] { #expect(after[name] != nil && after[name] != before[name], "\(name)") }
        #expect(after["sh-alone-1"] == before["sh-alone-1"])
        for service in ["behind", "mounts"] {
            #expect(await Self.labelNamesCurrentVPN(service, project, engine), "\(service): the new vpn's ID")
        }
        let violations = await engine.violations, overlaps = await engine.overlaps
        #expect(violations.isEmpty && overlaps.isEmpty, "never two copies at once: \(violations) \(overlaps)")
        guard case .upToDate = try await Self.up(project, engine) else { Issue.record("the third up is not up to date"); return }
    }

    @Test("a label naming another vpn container than the current one (vpn replaced behind plane's back, or a label from an older plane): recreated, the cause says so, drift calls it the engine's")
    func staleLabel() async throws {
        let (dir, engine) = try await Self.deployed()
        let project = try Self.load(dir)
        // vpn removed and created again by someone else: same definition, a new ID.
        let vpn = try #require(await engine.container(named: "sh-vpn-1"))
        try await engine.stopContainer(vpn.id, timeout: 0)
        try await engine.removeContainer(vpn.id, force: true, volumes: false)
        var config = vpn.config
        config.labels = vpn.labels
        _ = try await engine.createContainer(name: "sh-vpn-1", Engine.ContainerCreateRequest(config: config, hostConfig: vpn.hostConfig))
        let plan = try await Convergence.prepare(project: project, request: UpRequest(), engine: engine, key: UpFixture.key).plan
        #expect(plan.text.contains("recreate behind: its compose label names another container of vpn than the one it shares now"), "\(plan.text)")
        #expect(plan.text.contains("recreate mounts: its compose label names another container of vpn"), "\(plan.text)")
        #expect(!plan.text.contains("recreate vpn"), "\(plan.text)")
        let codes = plan.operations.compactMap { step -> [String]? in
            if case .recreate(_, let changes) = step.cause { return changes.map(\.code) } else { return nil }
        }.flatMap { $0 }
        #expect(Set(codes) == ["shared-container-changed"], "\(codes)")
    }

    @Test("plane up vpn alone, vpn changed: vpn replaced; behind and mounts, not selected, are left alone and a note names each with the command to run")
    func unselectedSharers() async throws {
        let (dir, engine) = try await Self.deployed()
        try Self.write(region: "two", in: dir)
        let project = try Self.load(dir)
        let request = UpRequest(profiles: [], services: ["vpn"], withDependencies: false)
        let plan = try await Convergence.prepare(project: project, request: request, engine: engine, key: UpFixture.key).plan
        #expect(plan.text.contains("recreate vpn"), "\(plan.text)")
        #expect(!plan.text.contains("sh-behind-1") && !plan.text.contains("sh-mounts-1"), "\(plan.text)")
        for service in ["behind", "mounts"] {
            #expect(plan.notes.contains { $0.hasPrefix("\(service) shares the container of vpn") && $0.contains("plane up \(service)") }, "\(plan.notes)")
        }
        #expect(!plan.notes.contains { $0.hasPrefix("alone") })
    }

    @Test("plane upgrade moves vpn's tag: behind, on another image, is recreated with vpn (a note says so), its label names the new vpn; the next plan has nothing to do")
    func upgradeTakesSharersAlong() async throws {
        let dir = try Self.directory()
        try """
            name: sh
            services:
              vpn:
                image: reg.test/vpn:stable
              behind:
                image: local/busybox:1
                network_mode: "service:vpn"

            """.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let engine = FakeEngine()
        await engine.setImage("reg.test/vpn:stable", id: Self.v1, repoDigest: "reg.test/vpn@sha256:d1")
        await engine.publish("reg.test/vpn:stable", digest: "sha256:d1", imageID: Self.v1)
        await engine.setImage("local/busybox:1", id: "sha256:busybox")
        guard case .applied = try await Self.up(try Self.load(dir), engine) else { Issue.record("first up"); return }
        let behindBefore = await engine.container(named: "sh-behind-1")?.id

        let v2 = "sha256:" + String(repeating: "2", count: 64)
        await engine.publish("reg.test/vpn:stable", digest: "sha256:d2", imageID: v2)
        let project = try Self.load(dir)
        var upgrade = Upgrade(project: project, request: UpRequest(), engine: engine, key: UpFixture.key)
        upgrade.skipLint = true
        upgrade.gate = ContainerHealthGate(timeout: .seconds(2), monitor: .milliseconds(10), pollInterval: .milliseconds(2))
        let notes = NotesBox()
        var options = Self.options()
        options.onNote = { notes.add($0) }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(UUID().uuidString.prefix(8))")
        let outcome = try await upgrade.run(options, freeze: FreezeFile(path: state.appendingPathComponent("freeze").path))
        guard case .upgraded = outcome else { Issue.record("upgrade: \(outcome)"); return }
        #expect(notes.all.contains { $0.hasPrefix("behind: recreated with the container they share") }, "\(notes.all)")
        let behind = await engine.container(named: "sh-behind-1")
        #expect(behind != nil && behind?.id != behindBefore)
        let expected = await Self.composeLabel("behind", project, engine)
        #expect(behind?.labels[ComposeLabel.configHash] == expected)
        guard case .upToDate = try await Self.up(project, engine) else { Issue.record("the up after the upgrade is not up to date"); return }
    }
}
