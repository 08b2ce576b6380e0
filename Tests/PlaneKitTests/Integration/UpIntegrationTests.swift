import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// `plane up/ps/plan/down` (the executable) on the six-profile test stack against the private
/// dockerd over its unix socket, with docker compose v2 as the oracle.
@Suite("plane up over the unix socket", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct UpIntegrationTests {
    static let profiles: [(String, [String])] = [
        ("core", ["proxy", "auth"]), ("dashboard", ["dashboard"]), ("medias", ["media-init", "media", "indexer"]),
        ("apps", ["notes"]), ("automatisation", ["flow"]), ("monitoring", ["telemetry"]),
    ]

    @Test("each profile up in order; compose ps lists plane's containers; a second up writes nothing; one edit recreates one service; down")
    func profilesInOrder() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-unix") { run in try await profilesInOrder(run) }
    }

    func profilesInOrder(_ run: StackRun) async throws {

        var ids: [String: String] = [:]
        for (profile, services) in Self.profiles {
            let result = try await run.plane("up", ["--profile", profile, "--wait"])
            #expect(result.status == 0, "up --profile \(profile): \(result)")
            let now = try await TestEngine.ids(run.project)
            for service in services {
                let name = "\(run.project)-\(service)-1"
                #expect(now[name] != nil, "\(name) missing after up --profile \(profile)")
            }
            // What an earlier profile brought up is left alone.
            for (name, id) in ids { #expect(now[name] == id, "\(name) was recreated by up --profile \(profile)") }
            ids = now
        }
        let containers = try await TestEngine.containers(run.project)
        #expect(containers.count == 9)
        for container in containers {
            let service = container.labels?[ComposeLabel.service] ?? ""
            if service == "media-init" {
                #expect(container.status?.hasPrefix("Exited (0)") == true)
            } else {
                #expect(container.state == "running", "\(service): \(container.status ?? "")")
            }
            #expect(container.labels?[ComposeLabel.oneoff] == "False")
            #expect(container.labels?[PlaneLabel.configHash] != nil)
        }

        // docker compose, given the same project name, sees plane's containers.
        #expect(try await run.composeListedNames() == Set(ids.keys))
        let logs = try await run.compose(["logs", "--no-color", "proxy"])
        #expect(logs.status == 0, "docker compose logs: \(logs.stderr)")

        // A second up makes zero Engine writes: counted in-process, same code path as the command.
        let counter = RequestCounter()
        let engine = try await TestEngine.client(counting: counter)
        let key = try LabelKey.loadOrCreate(in: run.state.path)
        let preparation = try await Convergence.prepare(
            project: try run.load(), request: UpRequest(profiles: ["*"], reconcile: ReconcileOptions(wait: true)), engine: engine, key: key)
        #expect(preparation.plan.writes.isEmpty, "second plan: \(preparation.plan.text)")
        try await Executor(engine: engine).run(preparation.plan)
        #expect(counter.writes.isEmpty, "writes on a no-op up: \(counter.writes)")
        #expect(!counter.all.isEmpty)
        let again = try await run.plane("up", ["--profile", "*"])
        #expect(again.status == 0 && again.stdout.contains("9 services up to date, nothing to do"), "\(again)")
        let plan = try await run.plane("plan", ["--profile", "*"])
        #expect(plan.stdout.hasPrefix("no changes: 9 services up to date"), "\(plan)")

        // One env file edited: exactly its service is recreated, the old container removed.
        try run.write("PROXY_MODE=edge\nPROXY_LOG=debug\n", to: "env/proxy.env")
        let planned = try await run.plane("plan", ["--profile", "*"])
        #expect(planned.stdout.contains("rename \(run.project)-proxy-1 to \(run.project)-proxy-1_plane-old: recreate proxy: its definition changed, env file env/proxy.env changed"), "\(planned)")
        try await expectOnlyRecreated(run, ["proxy"], after: &ids)

        // One secret rotated: exactly the service that mounts it, and the value is nowhere in the output.
        let value = "rotated-\(UUID().uuidString)"
        try run.write(value + "\n", to: "secrets/media_api_key")
        let secretPlan = try await run.plane("plan", ["--profile", "*"])
        #expect(secretPlan.stdout.contains("recreate media: secret media_api_key changed"), "\(secretPlan)")
        #expect(!secretPlan.stdout.contains(value) && !secretPlan.stderr.contains(value))
        try await expectOnlyRecreated(run, ["media"], after: &ids)
        let media = try await TestEngine.client().inspectContainer("\(run.project)-media-1")
        #expect(media.mounts?.contains { $0.destination == "/run/secrets/media_api_key" && $0.rw == false } == true)
        #expect(!(media.config?.labels ?? [:]).values.contains { $0.contains(value) })

        // ps lists what compose lists.
        let ps = try await run.plane("ps", ["-a", "--format", "json"])
        #expect(ps.status == 0)
        #expect(ps.stdout.split(separator: "\n").count == 9)

        // down: reverse order, networks removed, the volume kept without -v.
        let down = try await run.plane("down")
        #expect(down.status == 0, "\(down)")
        #expect(try await TestEngine.containers(run.project).isEmpty)
        let client = try await TestEngine.client()
        #expect(try await client.listNetworks(filters: .label(ComposeLabel.project, run.project)).isEmpty)
        #expect(try await client.listVolumes(filters: .label(ComposeLabel.project, run.project)).count == 1)
        #expect(try await run.plane("down", ["-v"]).status == 0)
        #expect(try await client.listVolumes(filters: .label(ComposeLabel.project, run.project)).isEmpty)
    }

    /// Runs `up --profile * --wait` and checks that exactly `services` got new containers.
    func expectOnlyRecreated(_ run: StackRun, _ services: Set<String>, after ids: inout [String: String]) async throws {
        let result = try await run.plane("up", ["--profile", "*", "--wait"])
        #expect(result.status == 0, "\(result)")
        let now = try await TestEngine.ids(run.project)
        #expect(Set(now.keys) == Set(ids.keys), "containers after the replacement: \(now.keys.sorted())")
        let changed = Set(now.filter { ids[$0.key] != $0.value }.keys.map { $0.replacingOccurrences(of: "\(run.project)-", with: "").replacingOccurrences(of: "-1", with: "") })
        #expect(changed == services)
        ids = now
    }

    @Test("a dependency that never gets healthy fails --wait naming it, and nothing after it is started")
    func unhealthyDependency() async throws {
        try await StackRun.with("UpUnhealthy", prefix: "plane-it-sick") { run in try await unhealthyDependency(run) }
    }

    func unhealthyDependency(_ run: StackRun) async throws {
        // The command line first: help, usage errors, the lint preflight switch, a dry run.
        let help = try await PlaneProcess.run(["--help"], in: run.directory, environment: run.environment)
        for command in ["up", "plan", "down", "ps", "doctor"] { #expect(help.stdout.contains("  \(command) "), "\(help)") }
        let unknown = try await run.plane("up", ["--profile", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no service is in profile nope"), "\(unknown)")
        let dry = try await run.plane("up", ["--skip-lint", "--dry-run"])
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.stderr.contains("WARNING: --skip-lint"), "\(dry)")
        #expect(dry.stdout.contains("create container \(run.project)-db-1: no container for db"), "\(dry)")
        #expect(try await TestEngine.containers(run.project).isEmpty, "--dry-run wrote to the engine")

        let result = try await run.plane("up", ["--wait", "--wait-timeout", "60", "--format", "json"])
        #expect(result.status == 1, "\(result)")
        // --format json: one event object per line, the failure among them.
        var failed: [String] = []
        let lines = result.stdout.split(separator: "\n")
        // The stream ends with its result event (docs/JSON.md), the run's outcome and exit code.
        let last = try #require(try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any])
        #expect(last["event"] as? String == "result" && last["version"] as? Int == 1 && last["exitCode"] as? Int == 1 && last["outcome"] as? String == "failed", "\(last)")
        var errors: [[String: Any]] = []
        for line in lines.dropLast() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            #expect(event["version"] as? Int == 1)
            if event["event"] as? String == "error" {
                // The error is an event too (docs/JSON.md), after the progress that led to it.
                errors.append(event)
                continue
            }
            #expect(event["event"] as? String == "progress", "\(event)")
            #expect(event["action"] is String && event["status"] is String && event["operation"] is Int)
            if event["status"] as? String == "failed" { failed.append(event["message"] as? String ?? "") }
        }
        #expect(failed.contains { $0.contains("db is not healthy") }, "\(failed)")
        #expect(errors.count == 1 && errors.first?["code"] as? String == "operation-failed"
                    && (errors.first?["message"] as? String)?.contains("db is not healthy") == true, "\(errors)")
        // Whichever notices first (api's start gate or db's --wait check) names db.
        #expect(result.stderr.contains("db is not healthy: \(run.project)-db-1 is unhealthy"), "\(result)")
        #expect(result.stderr.contains("not run"), "\(result)")
        let client = try await TestEngine.client()
        #expect(try await client.inspectContainer("\(run.project)-db-1").state?.status == "running")
        for service in ["api", "worker"] {
            let state = try await client.inspectContainer("\(run.project)-\(service)-1").state
            #expect(state?.status == "created", "\(service) was started: \(state?.status ?? "?")")
            #expect(state?.startedAt?.hasPrefix("0001-01-01") == true)
        }
    }

    @Test("interrupted runs converge: a half-done replacement, a container renamed aside, a kill -9 mid-up")
    func interruptedRuns() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-kill") { run in try await interruptedRuns(run) }
    }

    func interruptedRuns(_ run: StackRun) async throws {
        #expect(try await run.plane("up", ["--profile", "core", "--wait"]).status == 0)
        let engine = try await TestEngine.client()
        let key = try LabelKey.loadOrCreate(in: run.state.path)
        let proxy = "\(run.project)-proxy-1"

        // 1. A replacement stopped after the new container was created and attached (as a kill
        //    would leave it): the old one is still running under its _plane-old name.
        try run.write("PROXY_MODE=edge\nPROXY_LOG=warn\n", to: "env/proxy.env")
        let plan = try await Convergence.prepare(project: try run.load(), request: UpRequest(profiles: ["core"]), engine: engine, key: key).plan
        let cut = plan.operations.firstIndex { if case .stopContainer = $0.action { true } else { false } }!
        try await Executor(engine: engine).run(Plan(project: plan.project, operations: Array(plan.operations[..<cut])))
        #expect(try await engine.inspectContainer(proxy + "_plane-old").state?.status == "running")
        #expect(try await engine.inspectContainer(proxy).state?.status == "created")
        let resumed = try await run.plane("up", ["--profile", "core", "--wait"])
        #expect(resumed.status == 0, "\(resumed)")
        try await expectConverged(run, ["proxy", "auth"])

        // 2. A matching container left renamed aside: renamed back, not recreated.
        let id = try await engine.inspectContainer(proxy).id
        try await engine.renameContainer(proxy, to: proxy + "_plane-old")
        let restorePlan = try await run.plane("plan", ["--profile", "core"])
        #expect(restorePlan.stdout.hasPrefix("rename \(proxy)_plane-old to \(proxy): an interrupted replacement left the matching container aside; restore it"), "\(restorePlan)")
        #expect(try await run.plane("up", ["--profile", "core", "--wait"]).status == 0)
        #expect(try await engine.inspectContainer(proxy).id == id)
        try await expectConverged(run, ["proxy", "auth"])

        // 3. kill -9 in the middle of a cold up of everything, then up again.
        let process = try PlaneProcess.start(["up", "-p", run.project, "--profile", "*", "--wait"] + run.engineArguments, in: run.directory, environment: run.environment)
        try await Task.sleep(for: .milliseconds(1500))
        kill(process.processIdentifier, SIGKILL)
        await process.exit(timeout: 60)
        let after = try await run.plane("up", ["--profile", "*", "--wait"])
        #expect(after.status == 0, "\(after)")
        try await expectConverged(run, Self.profiles.flatMap(\.1))
        #expect(try await run.plane("plan", ["--profile", "*"]).stdout.hasPrefix("no changes: 9 services up to date"))
    }

    /// One container per service under its canonical name, nothing left aside, all running
    /// (media-init completed).
    func expectConverged(_ run: StackRun, _ services: [String]) async throws {
        let containers = try await TestEngine.containers(run.project)
        #expect(Set(containers.compactMap(\.name)) == Set(services.map { "\(run.project)-\($0)-1" }), "\(containers.compactMap(\.name))")
        for container in containers where container.labels?[ComposeLabel.service] != "media-init" {
            #expect(container.state == "running", "\(container.name ?? "?"): \(container.status ?? "")")
        }
    }
}
