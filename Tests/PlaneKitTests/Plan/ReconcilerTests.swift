import Foundation
import Testing
@testable import PlaneKit

/// Plans computed from the test stack and a fake observed state (no engine), asserted as text.
@Suite("Reconciler: plans as text")
struct ReconcilerTests {
    let directory: URL
    let project: ResolvedProject

    init() throws {
        directory = try UpFixture.copy("UpStack")
        project = try UpFixture.load(directory)
    }

    @Test("cold up of medias: networks, volume, containers, starts after their conditions; core pulled in")
    func coldMedias() throws {
        let desired = try UpFixture.desired(project, profiles: ["medias"])
        var observed = ObservedState()
        for service in desired.services { observed.images[service.image] = .some("sha256:image") }
        let plan = Reconciler.plan(desired: desired, observed: observed)
        #expect(plan.text == """
            create network upstack_back: it does not exist
            create network upstack_edge: it does not exist
            create network upstack_default: it does not exist
            create volume upstack_library: it does not exist
            create container upstack-proxy-1: no container for proxy (brought up because media depends on it)
            connect upstack-proxy-1 to network upstack_edge: proxy joins it too (API 1.41 creates a container on one network)
            start upstack-proxy-1: new container
            create container upstack-auth-1: no container for auth (brought up because media depends on it)
            start upstack-auth-1: new container, after proxy is healthy
            create container upstack-media-init-1: no container for media-init
            start upstack-media-init-1: new container
            create container upstack-media-1: no container for media
            connect upstack-media-1 to network upstack_edge: media joins it too (API 1.41 creates a container on one network)
            start upstack-media-1: new container, after auth is healthy (optional) and media-init is completed successfully and proxy is healthy (optional)
            create container upstack-indexer-1: no container for indexer
            start upstack-indexer-1: new container, after media is healthy

            """)
        // Profiles come up in order: every start of medias waits for the starts of core.
        let starts = Dictionary(uniqueKeysWithValues: plan.operations.compactMap { op -> (String, PlaneKit.PlanStep)? in
            if case .startContainer = op.action { return (op.service!, op) } else { return nil }
        })
        for service in ["media-init", "media", "indexer"] {
            #expect(starts[service]!.after.contains(starts["proxy"]!.id))
            #expect(starts[service]!.after.contains(starts["auth"]!.id))
        }
        #expect(plan.blockers.isEmpty)
    }

    @Test("scale: N numbered containers; lowering or zeroing removes the extra ones only; a dependent waits for every container of a scaled dependency")
    func scaled() throws {
        let file = directory.appendingPathComponent("compose.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        func withMedia(_ line: String) throws -> DesiredState {
            try text.replacingOccurrences(of: "  indexer:\n", with: "  indexer:\n").replacingOccurrences(
                of: "    image: local/busybox:2\n    command: [\"/bin/busybox\", \"sleep\", \"3600\"]\n    healthcheck: *healthy\n    depends_on:\n      media:",
                with: "    image: local/busybox:2\n    command: [\"/bin/busybox\", \"sleep\", \"3600\"]\n    healthcheck: *healthy\n    \(line)\n    depends_on:\n      media:")
                .write(to: file, atomically: true, encoding: .utf8)
            return try UpFixture.desired(try UpFixture.load(directory), profiles: ["medias"])
        }
        // indexer x3, media's dependent-free: three containers, numbered, each started.
        let three = try withMedia("scale: 3")
        #expect(three.replicas(of: "indexer").map(\.containerName) == ["upstack-indexer-1", "upstack-indexer-2", "upstack-indexer-3"])
        #expect(three.replicas(of: "indexer").map { $0.createRequest.config.labels?[ComposeLabel.containerNumber] } == ["1", "2", "3"])
        let running = three.services.map { UpFixture.observed($0, id: "id-\($0.containerName)") }
        #expect(Reconciler.plan(desired: three, observed: UpFixture.engineWithResources(for: three, containers: running)).writes.isEmpty)

        // Lowered to 1: containers 2 and 3 go, 1 stays.
        let one = try withMedia("scale: 1")
        let lowered = Reconciler.plan(desired: one, observed: UpFixture.engineWithResources(for: one, containers: running))
        #expect(lowered.text == """
            stop upstack-indexer-2: indexer runs one container; upstack-indexer-2 is extra
            remove container upstack-indexer-2: indexer runs one container; upstack-indexer-2 is extra
            stop upstack-indexer-3: indexer runs one container; upstack-indexer-3 is extra
            remove container upstack-indexer-3: indexer runs one container; upstack-indexer-3 is extra

            """)
        // Zero: all three go, nothing is created.
        let zero = try withMedia("scale: 0")
        #expect(zero.scaledToZero == ["indexer"] && zero.replicas(of: "indexer").isEmpty)
        let zeroed = Reconciler.plan(desired: zero, observed: UpFixture.engineWithResources(for: zero, containers: running))
        #expect(zeroed.writes.count == 6 && zeroed.text.contains("remove container upstack-indexer-1: indexer has scale 0; upstack-indexer-1 goes"))

        // A scaled dependency: indexer's start waits for both media containers, said once.
        try text.replacingOccurrences(of: "  media:\n    <<: *hardened\n", with: "  media:\n    <<: *hardened\n    scale: 2\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let media = try UpFixture.desired(try UpFixture.load(directory), profiles: ["medias"])
        var observed = ObservedState()
        for service in media.services { observed.images[service.image] = .some("sha256:image") }
        let cold = Reconciler.plan(desired: media, observed: observed)
        let start = try #require(cold.operations.first { if case .startContainer(let c) = $0.action { c.name == "upstack-indexer-1" } else { false } })
        #expect(start.gates.map(\.container) == ["upstack-media-1", "upstack-media-2"])
        let mediaStarts = cold.operations.filter { op in
            if case .startContainer(let c) = op.action { c.name.hasPrefix("upstack-media-") && c.name != "upstack-media-init-1" } else { false }
        }.map(\.id)
        #expect(mediaStarts.count == 2 && mediaStarts.allSatisfy(start.after.contains))
        #expect(start.text == "start upstack-indexer-1: new container, after media is healthy")
    }

    @Test("everything up to date: no writes")
    func upToDate() throws {
        let desired = try UpFixture.desired(project, profiles: ["*"])
        let containers = desired.services.map { UpFixture.observed($0, state: $0.name == "media-init" ? "exited" : "running") }
        let plan = Reconciler.plan(desired: desired, observed: UpFixture.engineWithResources(for: desired, containers: containers))
        #expect(plan.writes.isEmpty)
        #expect(plan.text == """
            no changes: 9 services up to date (proxy, auth, dashboard, media-init, media, indexer, notes, flow, telemetry)
            note: media-init completed (exit 0) and is up to date: not run again

            """)
    }

    @Test("a rotated secret recreates exactly the service that mounts it, old container kept until the new one is healthy")
    func rotatedSecret() throws {
        let before = try UpFixture.desired(project, profiles: ["*"])
        let containers = before.services.map { UpFixture.observed($0, state: $0.name == "media-init" ? "exited" : "running") }
        let secret = directory.appendingPathComponent("secrets/media_api_key")
        try Data("rotated-value-that-must-never-show\n".utf8).write(to: secret)

        let after = try UpFixture.desired(try UpFixture.load(directory), profiles: ["*"])
        let plan = Reconciler.plan(desired: after, observed: UpFixture.engineWithResources(for: after, containers: containers))
        #expect(plan.text == """
            rename upstack-media-1 to upstack-media-1_plane-old: recreate media: secret media_api_key changed
            create container upstack-media-1: recreate media: secret media_api_key changed
            connect upstack-media-1 to network upstack_edge: media joins it too (API 1.41 creates a container on one network)
            stop upstack-media-1_plane-old: the new upstack-media-1 takes over, after auth is healthy (optional) and media-init is completed successfully and proxy is healthy (optional)
            start upstack-media-1: replaces the old container, after auth is healthy (optional) and media-init is completed successfully and proxy is healthy (optional)
            remove container upstack-media-1_plane-old: replaced by the new upstack-media-1, after media is healthy
            note: media-init completed (exit 0) and is up to date: not run again

            """)
        #expect(Set(plan.writes.compactMap(\.service)) == ["media"])
        // The old container keeps serving until the new one can start: its stop waits for what the start waits for.
        let stop = try #require(plan.operations.first { if case .stopContainer = $0.action { return true } else { return false } })
        let start = try #require(plan.operations.first { if case .startContainer = $0.action { return true } else { return false } })
        #expect(stop.gates == start.gates)
        #expect(start.after.contains(stop.id))
        // The new container says which one it replaced, and its secret is a read-only bind.
        guard case .createContainer(_, _, let request) = plan.writes[1].action else { Issue.record("no create"); return }
        #expect(request.config.labels?[ComposeLabel.replace] == "id-media")
        #expect(request.hostConfig?.mounts?.contains { $0.target == "/run/secrets/media_api_key" && $0.readOnly == true } == true)
        #expect(!plan.text.contains("rotated-value"))
        #expect(!(request.config.labels ?? [:]).values.contains { $0.contains("rotated-value") })
    }

    @Test("an edited env file recreates exactly its service")
    func editedEnvFile() throws {
        let before = try UpFixture.desired(project, profiles: ["core"])
        let containers = before.services.map { UpFixture.observed($0) }
        try Data("PROXY_MODE=edge\nPROXY_LOG=debug\n".utf8).write(to: directory.appendingPathComponent("env/proxy.env"))
        let after = try UpFixture.desired(try UpFixture.load(directory), profiles: ["core"])
        let plan = Reconciler.plan(desired: after, observed: UpFixture.engineWithResources(for: after, containers: containers))
        #expect(plan.writes.first?.text == "rename upstack-proxy-1 to upstack-proxy-1_plane-old: recreate proxy: its definition changed, env file env/proxy.env changed")
        #expect(Set(plan.writes.compactMap(\.service)) == ["proxy"])
    }

    @Test("an interrupted replacement: the created new container is started, the old one removed once it is healthy")
    func interruptedAfterCreate() throws {
        let desired = try UpFixture.desired(project, profiles: ["core"])
        let proxy = desired.service("proxy")!
        var old = UpFixture.observed(proxy, state: "exited", id: "old-proxy", name: "upstack-proxy-1_plane-old")
        old.exitCode = 137
        let containers = [UpFixture.observed(proxy, state: "created", id: "new-proxy"), old, UpFixture.observed(desired.service("auth")!)]
        let plan = Reconciler.plan(desired: desired, observed: UpFixture.engineWithResources(for: desired, containers: containers))
        #expect(plan.text == """
            start upstack-proxy-1: created but never started
            remove container upstack-proxy-1_plane-old: left by an interrupted replacement; upstack-proxy-1 is up to date, after proxy is healthy

            """)
    }

    @Test("an interrupted replacement before the new container existed: the old one is renamed back and started")
    func interruptedAfterRename() throws {
        let desired = try UpFixture.desired(project, profiles: ["core"])
        let proxy = desired.service("proxy")!
        var old = UpFixture.observed(proxy, state: "exited", id: "old-proxy", name: "upstack-proxy-1_plane-old")
        old.exitCode = 137
        let plan = Reconciler.plan(desired: desired, observed: UpFixture.engineWithResources(for: desired, containers: [old, UpFixture.observed(desired.service("auth")!)]))
        #expect(plan.text == """
            rename upstack-proxy-1_plane-old to upstack-proxy-1: an interrupted replacement left the matching container aside; restore it
            start upstack-proxy-1: restored, exited (137)

            """)
    }

    @Test("a container not made by plane is recreated: its secrets cannot be verified")
    func composeMadeContainer() throws {
        let desired = try UpFixture.desired(project, profiles: ["core"])
        var containers = desired.services.map { UpFixture.observed($0) }
        for key in [PlaneLabel.configHash, PlaneLabel.inputs, PlaneLabel.labelKey] { containers[0].labels.removeValue(forKey: key) }
        let plan = Reconciler.plan(desired: desired, observed: UpFixture.engineWithResources(for: desired, containers: containers))
        #expect(plan.writes.first?.text == "rename upstack-proxy-1 to upstack-proxy-1_plane-old: recreate proxy: it was not created by plane, so its env files and secrets are unverified")
    }

    @Test("a new image, a missing network attachment and a stopped container")
    func otherCauses() throws {
        let desired = try UpFixture.desired(project, profiles: ["core"])
        var proxy = UpFixture.observed(desired.service("proxy")!)
        proxy.networks = ["upstack_back"]
        var auth = UpFixture.observed(desired.service("auth")!, state: "exited")
        auth.exitCode = 137
        var observed = UpFixture.engineWithResources(for: desired, containers: [proxy, auth])
        observed.images["local/busybox:1"] = .some("sha256:0123456789abcdef0000")
        let plan = Reconciler.plan(desired: desired, observed: observed)
        #expect(plan.writes[0].text == "rename upstack-proxy-1 to upstack-proxy-1_plane-old: recreate proxy: image local/busybox:1 changed (image -> 0123456789ab), it is not attached to network upstack_edge")
        #expect(plan.writes.contains { $0.text == "rename upstack-auth-1 to upstack-auth-1_plane-old: recreate auth: image local/busybox:1 changed (image -> 0123456789ab)" })
    }

    @Test("restart: true: a running dependent is stopped before its dependency is replaced and started after it")
    func restartDependents() throws {
        let file = directory.appendingPathComponent("compose.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "    depends_on:\n      proxy:\n        condition: service_healthy\n    networks: [edge]",
                                      with: "    depends_on:\n      proxy:\n        condition: service_healthy\n        restart: true\n    networks: [edge]")
            .write(to: file, atomically: true, encoding: .utf8)
        let before = try UpFixture.desired(try UpFixture.load(directory), profiles: ["core"])
        let containers = before.services.map { UpFixture.observed($0) }
        try Data("PROXY_MODE=edge\nPROXY_LOG=debug\n".utf8).write(to: directory.appendingPathComponent("env/proxy.env"))
        let after = try UpFixture.desired(try UpFixture.load(directory), profiles: ["core"])
        #expect(after.service("auth")!.createRequest.config.labels?[ComposeLabel.dependsOn] == "proxy:service_healthy:true")
        let plan = Reconciler.plan(desired: after, observed: UpFixture.engineWithResources(for: after, containers: containers))
        let stopAuth = try #require(plan.operations.first { $0.text == "stop upstack-auth-1: auth depends on proxy with restart: true, and proxy is recreated" })
        let stopOld = try #require(plan.operations.first { $0.text == "stop upstack-proxy-1_plane-old: the new upstack-proxy-1 takes over" })
        let startNew = try #require(plan.operations.first { $0.text.hasPrefix("start upstack-proxy-1:") })
        let startAuth = try #require(plan.operations.first { $0.text == "start upstack-auth-1: auth depends on proxy with restart: true, and proxy is recreated, after proxy is healthy" })
        #expect(stopOld.after.contains(stopAuth.id))
        #expect(startAuth.after.contains(startNew.id))
        #expect(Set(plan.writes.compactMap(\.service)) == ["proxy", "auth"])
    }

    @Test("a stopped up-to-date container is started after its dependencies' conditions")
    func stoppedContainer() throws {
        let desired = try UpFixture.desired(project, profiles: ["core"])
        var auth = UpFixture.observed(desired.service("auth")!, state: "exited")
        auth.exitCode = 137
        let plan = Reconciler.plan(desired: desired, observed: UpFixture.engineWithResources(for: desired, containers: [UpFixture.observed(desired.service("proxy")!), auth]))
        #expect(plan.text == """
            start upstack-auth-1: it is exited (137), after proxy is healthy

            """)
    }

    @Test("missing external network, --pull never with a missing image: blocked, nothing written")
    func blockers() throws {
        let dir = try UpFixture.copy("UpStack")
        var text = try String(contentsOf: dir.appendingPathComponent("compose.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "networks:\n  edge: {}", with: "networks:\n  edge:\n    external: true\n    name: plane_test_missing_edge")
        try text.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let desired = try UpFixture.desired(try UpFixture.load(dir), profiles: ["core"])
        let plan = Reconciler.plan(desired: desired, observed: ObservedState(), options: ReconcileOptions(pull: .never))
        #expect(plan.blockers == [
            "image local/busybox:1 (proxy) is not on the engine, and --pull never forbids pulling it",
            "external network plane_test_missing_edge does not exist; plane never creates external networks (create it once: docker network create plane_test_missing_edge)",
        ])
        #expect(!plan.operations.contains { if case .createNetwork(let r) = $0.action { r.name == "plane_test_missing_edge" } else { false } })
    }

    @Test("missing images are pulled first; --pull always pulls every image")
    func pulls() throws {
        let desired = try UpFixture.desired(project, profiles: ["dashboard"], withDependencies: false)
        let missing = Reconciler.plan(desired: desired, observed: ObservedState())
        #expect(missing.operations[0].text == "pull image local/busybox:2: not on the engine")
        let create = missing.operations.first { if case .createContainer = $0.action { true } else { false } }!
        #expect(create.after.contains(missing.operations[0].id))
        let always = Reconciler.plan(desired: desired, observed: UpFixture.engineWithResources(for: desired), options: ReconcileOptions(pull: .always))
        #expect(always.operations[0].text == "pull image local/busybox:2: --pull always")
    }

    @Test("orphans are reported, and removed only with --remove-orphans")
    func orphans() throws {
        let desired = try UpFixture.desired(project, profiles: ["core"])
        var containers = desired.services.map { UpFixture.observed($0) }
        containers.append(ObservedContainer(id: "gone", name: "upstack-legacy-1", service: "legacy", state: "running"))
        let observed = UpFixture.engineWithResources(for: desired, containers: containers)
        #expect(Reconciler.plan(desired: desired, observed: observed).text == """
            no changes: 2 services up to date (proxy, auth)
            note: orphan: upstack-legacy-1 belongs to service legacy, which the project no longer defines; kept (--remove-orphans removes it)

            """)
        #expect(Reconciler.plan(desired: desired, observed: observed, options: ReconcileOptions(removeOrphans: true)).text == """
            stop upstack-legacy-1: orphan: upstack-legacy-1 belongs to service legacy, which the project no longer defines (--remove-orphans)
            remove container upstack-legacy-1: orphan: upstack-legacy-1 belongs to service legacy, which the project no longer defines (--remove-orphans)

            """)
    }

    @Test("--wait adds one check per service: completed for a job others wait on, healthy or running otherwise")
    func waits() throws {
        let desired = try UpFixture.desired(project, profiles: ["medias"], withDependencies: false)
        let containers = desired.services.map { UpFixture.observed($0, state: $0.name == "media-init" ? "exited" : "running") }
        let plan = Reconciler.plan(desired: desired, observed: UpFixture.engineWithResources(for: desired, containers: containers), options: ReconcileOptions(wait: true))
        #expect(plan.text == """
            wait until media-init is completed successfully: --wait
            wait until media is healthy: --wait
            wait until indexer is healthy: --wait
            no changes: 3 services up to date (media-init, media, indexer)
            note: media-init completed (exit 0) and is up to date: not run again

            """)
    }

    @Test("down: reverse dependency order, networks after the last container, volumes only with -v")
    func teardown() throws {
        let desired = try UpFixture.desired(project, profiles: ["*"])
        let containers = desired.services.map { UpFixture.observed($0, state: $0.name == "media-init" ? "exited" : "running") }
        let observed = UpFixture.engineWithResources(for: desired, containers: containers)
        let selection = try ServiceSelection.resolve(project: project, order: ProfileOrder.of(project), profiles: ["*"], services: [], withDependencies: false)
        var dependencies: [String: [String]] = [:]
        for entry in project.services.entries { dependencies[entry.key] = ServiceDependency.all(of: entry.value).map(\.service) }
        let plan = Teardown.plan(project: "upstack", selection: selection, everything: true, dependencies: dependencies, observed: observed)
        let stops = plan.operations.compactMap { op -> String? in if case .stopContainer(let c, _) = op.action { c.name } else { nil } }
        // Dependents before dependencies, the longest chain still to stop first (critical path).
        #expect(stops == ["upstack-indexer-1", "upstack-flow-1", "upstack-media-1", "upstack-notes-1", "upstack-dashboard-1",
                          "upstack-auth-1", "upstack-telemetry-1", "upstack-proxy-1"])
        #expect(plan.text.hasSuffix("""
            remove network upstack_back: no container of upstack is left
            remove network upstack_default: no container of upstack is left
            remove network upstack_edge: no container of upstack is left
            note: volume upstack_library kept (-v removes it)

            """))
        // proxy stops only after everything that depends on it (auth, dashboard, media, notes).
        let proxyStop = plan.operations.first { $0.text == "stop upstack-proxy-1: down" }!
        for dependent in ["auth", "dashboard", "media", "notes"] {
            let stop = plan.operations.first { $0.text == "stop upstack-\(dependent)-1: down" }!
            #expect(proxyStop.after.contains(stop.id))
        }
    }
}

@Suite("plane -p NAME down from the labels alone")
struct TeardownFromLabelsTests {
    @Test("the same stops as with the files: dependents first, independent services together, networks last")
    func fromLabels() throws {
        let project = try UpFixture.load(UpFixture.copy("UpStack"), projectName: "upstack")
        let desired = try UpFixture.desired(project, profiles: ["*"])
        // What the engine has: plane's containers carry compose's depends_on label.
        let containers = desired.services.map { service -> ObservedContainer in
            var container = UpFixture.observed(service, state: service.name == "media-init" ? "exited" : "running")
            container.labels = service.createRequest.config.labels ?? [:]
            return container
        }
        let observed = UpFixture.engineWithResources(for: desired, containers: containers)
        let plan = Teardown.planFromLabels(project: "upstack", observed: observed)
        let stops = plan.operations.filter { if case .stopContainer = $0.action { true } else { false } }
        #expect(stops.count == containers.filter(\.isRunning).count)
        let proxyStop = try #require(plan.operations.first { $0.text == "stop upstack-proxy-1: down" })
        for dependent in ["auth", "dashboard", "media", "notes"] {
            let stop = try #require(plan.operations.first { $0.text == "stop upstack-\(dependent)-1: down" })
            #expect(proxyStop.after.contains(stop.id), "proxy stops after \(dependent)")
        }
        // telemetry depends on nothing and nothing depends on it: it waits for no other stop.
        let telemetry = try #require(plan.operations.first { $0.text == "stop upstack-telemetry-1: down" })
        #expect(telemetry.after.isEmpty)
        #expect(plan.text.contains("remove network upstack_back: no container of upstack is left"))
        #expect(plan.text.contains("note: volume upstack_library kept (-v removes it)"))
        let withVolumes = Teardown.planFromLabels(project: "upstack", observed: observed, options: Teardown.Options(removeVolumes: true))
        #expect(withVolumes.text.contains("remove volume upstack_library: -v"))
    }
}
