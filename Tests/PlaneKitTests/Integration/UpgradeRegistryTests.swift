import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// `plane upgrade` / `rollback` / `history` (the executable) against the private dockerd and a
/// real loopback registry (Debian's docker-registry), one tag moved between locally built images:
/// v1, v2 healthy; v3 failing its healthcheck.
@Suite("plane upgrade with a loopback registry", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct UpgradeRegistryTests {
    typealias Stack = RegistryStack

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("v1 -> v2 healthy: upgraded, history shows v1 -> v2; v3 failing its healthcheck: rolled back onto the v2 image ID under the same tag, plan exits 0")
    func upgradeThenRollback() async throws {
        try await Stack.with(offset: 0) { stack in
            let v1 = try await TestRegistry.imageID("v1"), v2 = try await TestRegistry.imageID("v2")
            try await stack.registry.publish(stack.core, "v1")
            try await stack.registry.publish(stack.media, "v1")
            let up = try await stack.plane("up", ["--profile", "*", "--wait"])
            #expect(up.status == 0, "\(up)")
            let none = try await stack.plane("upgrade", ["--profile", "*", "--check"])
            #expect(none.status == 0, "nothing newer yet: \(none)")

            try await stack.registry.publish(stack.core, "v2")
            try await stack.registry.publish(stack.media, "v2")
            let check = try await stack.plane("upgrade", ["--profile", "*", "--check"])
            #expect(check.status == 2 && check.stdout.contains("2 services with a newer image"), "\(check)")
            #expect(try await stack.tagged(stack.core) == v1, "--check downloaded nothing")

            let upgrade = try await stack.plane("upgrade", ["--profile", "*", "--format", "json"])
            #expect(upgrade.status == 0, "\(upgrade)")
            let document = try Self.json(upgrade.stdout)
            let changes = try #require(document["changes"] as? [[String: Any]])
            #expect(changes.count == 2)
            for change in changes {
                #expect(change["status"] as? String == "upgraded", "\(change)")
                #expect((change["from"] as? [String: Any])?["imageID"] as? String == v1)
                #expect((change["to"] as? [String: Any])?["imageID"] as? String == v2)
                #expect(change["gate"] as? String == "passed")
            }
            let web2 = try await stack.imageOf("web"), media2 = try await stack.imageOf("media")
            #expect(web2 == v2 && media2 == v2)

            let history = try await stack.plane("history", ["--format", "json"])
            #expect(history.status == 0, "\(history)")
            let runs = try #require(try Self.json(history.stdout)["runs"] as? [[String: Any]])
            let last = try #require(runs.first)
            #expect(last["kind"] as? String == "upgrade" && last["outcome"] as? String == "succeeded", "\(last)")
            let recorded = try #require(last["imageChanges"] as? [[String: Any]])
            let web = try #require(recorded.first { $0["service"] as? String == "web" })
            #expect(((web["from"] as? [String: Any])?["repoDigest"] as? String)?.contains("\(stack.core)@sha256:") == true, "\(web)")
            #expect((web["to"] as? [String: Any])?["imageID"] as? String == v2)
            #expect(web["fromHealthy"] as? Bool == true)

            // v3 fails its healthcheck: core is rolled back onto v2 by re-tagging; medias never starts.
            try await stack.registry.publish(stack.core, "v3")
            try await stack.registry.publish(stack.media, "v3")
            let failing = try await stack.plane("upgrade", ["--profile", "*"])
            #expect(failing.status == 1, "\(failing)")
            #expect(failing.stderr.contains("error[upgrade-failed]: core") && failing.stderr.contains("rolled back to last-good: web"), "\(failing)")
            #expect(try await stack.imageOf("web") == v2, "web runs the v2 image again")
            #expect(try await stack.tagged(stack.core) == v2, "the tag names v2 again")
            #expect(try await stack.imageOf("media") == v2, "medias was not touched")
            let plan = try await stack.plane("plan", ["--profile", "*"])
            #expect(plan.status == 0, "no drift after the rollback: \(plan)")
            let containers = try await TestEngine.containers(stack.project)
            #expect(containers.count == 2 && !containers.contains { ($0.name ?? "").hasSuffix(PlaneLabel.replacedSuffix) }, "\(containers.map(\.name))")
        }
    }

    @Test("a failure in medias leaves core's verified upgrade in place; with --atomic core goes back too")
    func failureInLaterProfile() async throws {
        try await Stack.with(offset: 1) { stack in
            let v1 = try await TestRegistry.imageID("v1"), v2 = try await TestRegistry.imageID("v2")
            try await stack.registry.publish(stack.core, "v1")
            try await stack.registry.publish(stack.media, "v1")
            let up = try await stack.plane("up", ["--profile", "*", "--wait"])
            #expect(up.status == 0, "\(up)")

            try await stack.registry.publish(stack.core, "v2")
            try await stack.registry.publish(stack.media, "v3")
            let failing = try await stack.plane("upgrade", ["--profile", "*"])
            #expect(failing.status == 1, "\(failing)")
            #expect(failing.stderr.contains("error[upgrade-failed]: medias") && failing.stderr.contains("rolled back to last-good: media"), "\(failing)")
            #expect(try await stack.imageOf("web") == v2, "core keeps its verified upgrade")
            let mediaNow = try await stack.imageOf("media"), mediaTag = try await stack.tagged(stack.media)
            #expect(mediaNow == v1 && mediaTag == v1)
            let plan = try await stack.plane("plan", ["--profile", "*"])
            #expect(plan.status == 0, "\(plan)")

            // --atomic: core moves (v2 -> v1 content) and medias fails again: core goes back to v2.
            try await stack.registry.publish(stack.core, "v1")
            let atomic = try await stack.plane("upgrade", ["--profile", "*", "--atomic"])
            #expect(atomic.status == 1, "\(atomic)")
            let webNow = try await stack.imageOf("web"), coreTag = try await stack.tagged(stack.core)
            #expect(webNow == v2 && coreTag == v2, "--atomic put core back on its last-good")
            #expect(try await stack.imageOf("media") == v1)
            let again = try await stack.plane("plan", ["--profile", "*"])
            #expect(again.status == 0, "\(again)")
        }
    }

    /// The moment of a kill, seen from the engine: (tag moved, container aside, new container running).
    static func observe(_ stack: Stack, v2: String) async throws -> (pulled: Bool, aside: Bool, newRunning: Bool) {
        let tagged = try? await stack.tagged(stack.core)
        let containers = try await TestEngine.containers(stack.project)
        let aside = containers.contains { ($0.name ?? "").hasSuffix(PlaneLabel.replacedSuffix) }
        let web = containers.first { $0.name == "\(stack.project)-web-1" }
        return (tagged != nil && tagged != v2, aside, aside && web?.state == "running")
    }

    @Test("kill -9 of plane upgrade after the pull, after the rename, once the new container runs (its gate): the next up converges on the last-good")
    func killNineConverges() async throws {
        try await Stack.with(offset: 3) { stack in
            let v2 = try await TestRegistry.imageID("v2")
            try await stack.registry.publish(stack.core, "v2")
            try await stack.registry.publish(stack.media, "v2")
            #expect(try await stack.plane("up", ["--profile", "*", "--wait"]).status == 0)
            try await stack.registry.publish(stack.core, "v3")
            let points: [(String, @Sendable ((pulled: Bool, aside: Bool, newRunning: Bool)) -> Bool)] = [
                ("after the pull", { $0.pulled }), ("after the rename", { $0.aside }), ("during the gate", { $0.newRunning }),
            ]
            for (name, reached) in points {
                let process = try PlaneProcess.start(["upgrade", "-p", stack.project, "--host", try TestEngine.requireHost(), "--profile", "*"],
                                                     in: stack.directory, environment: ["PLANE_STATE_DIR": stack.state.path, "HOME": stack.state.path])
                let deadline = Date().addingTimeInterval(120)
                var seen = false
                while Date() < deadline && process.isRunning {
                    if reached(try await Self.observe(stack, v2: v2)) { seen = true; break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                kill(process.processIdentifier, SIGKILL)
                await process.exit(timeout: 60)
                #expect(seen, "\(name): the upgrade never got there")

                let up = try await stack.plane("up", ["--profile", "*", "--wait"])
                #expect(up.status == 0, "\(name): \(up)")
                #expect(up.stdout.contains("was interrupted") || up.stderr.contains("was interrupted"), "\(name): \(up)")
                let containers = try await TestEngine.containers(stack.project)
                #expect(containers.count == 2 && !containers.contains { ($0.name ?? "").hasSuffix(PlaneLabel.replacedSuffix) },
                        "\(name): \(containers.map { "\($0.name ?? "") \($0.state ?? "")" })")
                let web = try await stack.imageOf("web"), tag = try await stack.tagged(stack.core)
                #expect(web == v2 && tag == v2, "\(name): web runs \(web ?? "nothing"), the tag names \(tag)")
                #expect((try? await TestEngine.client().inspectImage(v2)) != nil, "\(name): the last-good image is gone")
                let plan = try await stack.plane("plan", ["--profile", "*"])
                #expect(plan.status == 0, "\(name): \(plan)")
                let history = try await stack.plane("history", ["--format", "json"])
                let runs = try #require(try Self.json(history.stdout)["runs"] as? [[String: Any]])
                #expect(runs.contains { $0["kind"] as? String == "upgrade" && $0["outcome"] as? String == "recovered" }, "\(name)")
            }
        }
    }

    /// Where a rollback is, seen from the engine: the tag, the image web's container runs, a container aside.
    static func rollbackState(_ stack: Stack) async throws -> (tag: String?, web: String?, aside: Bool) {
        let tag = try? await stack.tagged(stack.core)
        let containers = try await TestEngine.containers(stack.project)
        let aside = containers.contains { ($0.name ?? "").hasSuffix(PlaneLabel.replacedSuffix) }
        let web = containers.first { $0.name == "\(stack.project)-web-1" }
        return (tag, web?.imageID, aside)
    }

    /// v6 is proven (healthy) and exits 6 s later, inside web's 15 s monitor window: its gate fails
    /// with v6's container in place, so the rollback re-tags and replaces it (v3, failing its
    /// healthcheck, never gets that far: `Restoration` puts the old container back first). The
    /// rollback's gate watches 5 s (`rollback_config.monitor`; the default, compose's, is 0 s) so
    /// that there is a gate to be killed in.
    @Test("kill -9 of plane upgrade during its rollback (after the re-tag, during the replacement, during the rollback's gate): the next up or upgrade converges on the last-good")
    func killNineDuringRollback() async throws {
        try await Stack.with(offset: 6) { stack in
            let file = stack.directory.appendingPathComponent("compose.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(of: "    profiles: [core]\n", with: "    profiles: [core]\n    deploy: {update_config: {monitor: 15s}, rollback_config: {monitor: 5s}}\n")
                .write(to: file, atomically: true, encoding: .utf8)
            let v2 = try await TestRegistry.imageID("v2"), v6 = try await TestRegistry.imageID("v6")
            try await stack.registry.publish(stack.core, "v2")
            try await stack.registry.publish(stack.media, "v2")
            #expect(try await stack.plane("up", ["--profile", "*", "--wait"]).status == 0)
            typealias State = (tag: String?, web: String?, aside: Bool)
            // (name, reached given whether the rollback was seen starting, the command that recovers)
            let points: [(String, @Sendable (State, Bool) -> Bool, String)] = [
                ("after the rollback's re-tag", { state, _ in state.tag == v2 && (state.web == v6 || state.aside) }, "up"),
                ("during the rollback's replacement", { state, _ in state.tag == v2 && state.aside }, "upgrade"),
                ("during the rollback's gate", { state, started in started && state.tag == v2 && state.web == v2 && !state.aside }, "up"),
            ]
            for (name, reached, next) in points {
                try await stack.registry.publish(stack.core, "v6")
                let process = try PlaneProcess.start(["upgrade", "-p", stack.project, "--host", try TestEngine.requireHost(), "--profile", "*"],
                                                     in: stack.directory, environment: ["PLANE_STATE_DIR": stack.state.path, "HOME": stack.state.path])
                let deadline = Date().addingTimeInterval(120)
                var seen = false, started = false
                while Date() < deadline && process.isRunning {
                    let state = try await Self.rollbackState(stack)
                    started = started || (state.tag == v2 && (state.web == v6 || state.aside))
                    if reached(state, started) { seen = true; break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                kill(process.processIdentifier, SIGKILL)
                await process.exit(timeout: 60)
                #expect(seen, "\(name): the upgrade never got there")

                let recovery: PlaneProcess.Result
                if next == "upgrade" {
                    // The registry back on v2: the upgrade recovers the killed run, then finds nothing newer.
                    try await stack.registry.publish(stack.core, "v2")
                    recovery = try await stack.plane("upgrade", ["--profile", "*"])
                    #expect(recovery.status == 0 && recovery.stdout.contains("nothing newer"), "\(name): \(recovery)")
                    #expect(recovery.stderr.contains("was killed before its gate held") || recovery.stdout.contains("was killed before its gate held"),
                            "\(name): \(recovery)")
                } else {
                    recovery = try await stack.plane("up", ["--profile", "*", "--wait"])
                    #expect(recovery.status == 0, "\(name): \(recovery)")
                    #expect((recovery.stdout + recovery.stderr).contains("was interrupted"), "\(name): \(recovery)")
                }
                let containers = try await TestEngine.containers(stack.project)
                #expect(containers.count == 2 && !containers.contains { ($0.name ?? "").hasSuffix(PlaneLabel.replacedSuffix) },
                        "\(name): \(containers.map { "\($0.name ?? "") \($0.state ?? "")" })")
                #expect(containers.allSatisfy { $0.state == "running" }, "\(name): \(containers.map { "\($0.name ?? "") \($0.state ?? "")" })")
                let web = try await stack.imageOf("web"), tag = try await stack.tagged(stack.core)
                #expect(web == v2 && tag == v2, "\(name): web runs \(web ?? "nothing"), the tag names \(tag)")
                #expect((try? await TestEngine.client().inspectImage(v2)) != nil, "\(name): the last-good image is gone")
                let health = try await TestEngine.client().inspectContainer("\(stack.project)-web-1").state?.health?.status
                #expect(health == "healthy" || health == "starting", "\(name): \(health ?? "no health")")
                let plan = try await stack.plane("plan", ["--profile", "*"])
                #expect(plan.status == 0, "\(name): \(plan)")
                let history = try await stack.plane("history", ["--format", "json"])
                let runs = try #require(try Self.json(history.stdout)["runs"] as? [[String: Any]])
                let killed = runs.filter { $0["kind"] as? String == "upgrade" && $0["outcome"] as? String == "recovered" }
                #expect(killed.count == points.firstIndex { $0.0 == name }! + 1, "\(name): \(killed)")
            }
        }
    }

    /// Makes `service`'s container fail its healthcheck (its /etc/plane-healthy removed) and waits for `unhealthy`.
    static func sicken(_ stack: Stack, _ service: String) async throws {
        let exec = try await stack.plane("exec", ["-T", "--no-interactive", service, "rm", "/etc/plane-healthy"])
        #expect(exec.status == 0, "\(exec)")
        for _ in 0..<120 {
            if try await TestEngine.client().inspectContainer("\(stack.project)-\(service)-1").state?.health?.status == "unhealthy" { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw SetupError("\(service) did not become unhealthy within 30 s")
    }

    @Test("a container unhealthy before the upgrade is never its last-good: a failed gate returns to the older image a run proved healthy; with none the service is not upgraded")
    func unhealthyIsNotLastGood() async throws {
        try await Stack.with(offset: 7) { stack in
            let v1 = try await TestRegistry.imageID("v1"), v2 = try await TestRegistry.imageID("v2")
            try await stack.registry.publish(stack.core, "v1")
            try await stack.registry.publish(stack.media, "v1")
            #expect(try await stack.plane("up", ["--profile", "*", "--wait"]).status == 0)
            try await stack.registry.publish(stack.core, "v2")
            let first = try await stack.plane("upgrade", ["web"])
            #expect(first.status == 0, "v2 proved healthy by its gate: \(first)")

            // web back on v1 outside any upgrade (the local tag moved, then up), and made unhealthy.
            let parsed = Engine.ImageReference(parsing: stack.registry.reference(stack.core))
            try await TestEngine.client().tagImage(v1, repository: parsed.repository, tag: parsed.tag)
            #expect(try await stack.plane("up", ["--profile", "*", "--wait"]).status == 0)
            #expect(try await stack.imageOf("web") == v1)
            try await Self.sicken(stack, "web")

            // v3 fails its healthcheck: the rollback target is v2 (run 1's gate held on it), not the sick v1.
            try await stack.registry.publish(stack.core, "v3")
            let failing = try await stack.plane("upgrade", ["web", "--format", "json"])
            #expect(failing.status == 1, "\(failing)")
            #expect(failing.stderr.contains("rolled back to last-good: web"), "\(failing)")
            let change = try #require((try Self.json(failing.stdout)["changes"] as? [[String: Any]])?.first)
            #expect(change["fromHealthy"] as? Bool == false && (change["from"] as? [String: Any])?["imageID"] as? String == v1, "\(change)")
            #expect(change["status"] as? String == "rolled-back", "\(change)")
            #expect(try await stack.imageOf("web") == v2, "back on the last image proved healthy, not on the sick one")
            #expect(try await stack.tagged(stack.core) == v2)
            #expect(try await TestEngine.client().inspectContainer("\(stack.project)-web-1").state?.health?.status == "healthy")
            #expect(try await stack.plane("plan", ["--profile", "*"]).status == 0)

            // media: unhealthy, and no upgrade ever proved an image of it healthy: left alone, said so.
            try await Self.sicken(stack, "media")
            try await stack.registry.publish(stack.media, "v2")
            let refused = try await stack.plane("upgrade", ["media", "--format", "json"])
            #expect(refused.status == 0, "\(refused)")
            let left = try #require((try Self.json(refused.stdout)["changes"] as? [[String: Any]])?.first)
            #expect(left["status"] as? String == "unchanged", "\(left)")
            #expect((left["gate"] as? String)?.contains("not healthy now (running, unhealthy) and no earlier healthy image recorded") == true, "\(left)")
            #expect(try await stack.imageOf("media") == v1, "media was not touched")
            #expect(try await stack.tagged(stack.media) == v1, "nothing was pulled for it")
            let text = try await stack.plane("upgrade", ["media"])
            #expect(text.status == 0 && (text.stdout + text.stderr).contains("plane up --pull always media"), "what to do is said: \(text)")
        }
    }

    @Test("the freeze file: upgrade exits 5 (held) with its reason, and the engine sees no request")
    func freezeHolds() async throws {
        try await Stack.with(offset: 2) { stack in
            try await stack.registry.publish(stack.core, "v1")
            try await stack.registry.publish(stack.media, "v1")
            #expect(try await stack.plane("up", ["--profile", "*"]).status == 0)
            try await stack.registry.publish(stack.core, "v2")
            try "NAS migration until Sunday\n".write(to: stack.state.appendingPathComponent("freeze"), atomically: true, encoding: .utf8)
            let held = try await stack.plane("upgrade", ["--profile", "*"])
            #expect(held.status == 5 && held.stderr.contains("held: NAS migration until Sunday"), "\(held)")

            // The same use case in-process, every request counted: none at all.
            let counter = RequestCounter()
            let engine = try await TestEngine.client(counting: counter)
            let before = counter.all.count
            let project = try UpFixture.load(stack.directory, projectName: stack.project)
            let upgrade = Upgrade(project: project, request: UpRequest(profiles: ["*"]), engine: engine, key: try LabelKey.loadOrCreate(in: stack.state.path))
            let state = StateDirectory(path: stack.state.path)
            let outcome = try await upgrade.run(Deployment.RunOptions(state: state, history: NoHistory()),
                                                freeze: try FreezeFile.resolve(project: project, state: state))
            guard case .held(let reason, _) = outcome else { Issue.record("\(outcome)"); return }
            #expect(reason == "NAS migration until Sunday")
            #expect(counter.all.count == before, "requests while held: \(counter.all.dropFirst(before).map { "\($0)" })")
            let web = try await stack.imageOf("web"), v1 = try await TestRegistry.imageID("v1")
            #expect(web == v1)
        }
    }
}
