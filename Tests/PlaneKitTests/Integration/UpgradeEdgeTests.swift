import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// `plane upgrade`'s health gate against the real edge: the loopback registry, the real Traefik
/// 3.5.3 of `HealthEnvironment` (docker provider on the test dockerd) and a routed service whose
/// v5 image is healthy for Docker but whose httpd listens on 8081 while Traefik's service points at
/// 8080: the route answers 502. Only `plane health`'s route probe sees it (issue 11's v4 case).
@Suite("plane upgrade gated by plane health through the real Traefik", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct UpgradeEdgeTests {
    /// The stack's compose.yaml replaced by one routed service `web` and `x-plane.health.traefik`.
    static func routedProject(_ stack: RegistryStack, _ environment: HealthEnvironment) throws {
        try """
        services:
          web:
            image: \(stack.registry.reference(stack.core))
            healthcheck: {test: ["CMD", "/bin/busybox", "test", "-f", "/etc/plane-healthy"], interval: 1s, timeout: 10s, retries: 3}
            read_only: true
            stop_grace_period: 1s
            cap_drop: [ALL]
            security_opt: ["no-new-privileges:true"]
            labels:
              traefik.enable: "true"
              traefik.http.routers.web.rule: Host(`web.health.test`)
              traefik.http.routers.web.entrypoints: websecure
              traefik.http.routers.web.tls: "true"
              traefik.http.services.web.loadbalancer.server.port: "8080"
        x-plane:
          health:
            traefik:
              api: \(environment["TRAEFIK_API"])
              entrypoint: \(environment["TRAEFIK_WEBSECURE"])

        """.write(to: stack.directory.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
    }

    /// Traefik's idea of router web@docker: the URLs of its service's servers ([] while it has none).
    static func servers(_ environment: HealthEnvironment) async throws -> [String] {
        let r = try await PlaneProcess.runProgram("/usr/bin/curl", ["-s", "-m", "2", "\(environment["TRAEFIK_API"])/api/http/services/web@docker"],
                                                  in: environment.directory, environment: [:], timeout: 10)
        guard r.status == 0, let object = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
              let lb = object["loadBalancer"] as? [String: Any], let servers = lb["servers"] as? [[String: Any]] else { return [] }
        return servers.compactMap { $0["url"] as? String }
    }

    /// Waits until Traefik's service web@docker points at the container `web` runs now.
    static func waitRouted(_ stack: RegistryStack, _ environment: HealthEnvironment) async throws {
        let inspect = try await TestEngine.client().inspectContainer("\(stack.project)-web-1")
        let address = inspect.networkSettings?.networks?.values.compactMap(\.ipAddress).first { !$0.isEmpty } ?? "?"
        for _ in 0..<120 {
            if try await servers(environment).contains("http://\(address):8080") { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw SetupError("Traefik did not route web@docker to \(address) within 30 s: \(try await servers(environment))")
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("v5 healthy for Docker but 502 through the real Traefik: upgrade exits 1 naming the route, web runs v1's image ID again under the same tag, plan and drift exit 0, history shows the rollback with the gate's cause")
    func badGatewayRolledBack() async throws {
        let host = try TestEngine.requireHost()
        let environment = try await HealthEnvironment.start(dockerHost: host)
        do {
            try await RegistryStack.with(offset: 5) { stack in
                try Self.routedProject(stack, environment)
                let v1 = try await TestRegistry.imageID("v1"), v5 = try await TestRegistry.imageID("v5")
                try await stack.registry.publish(stack.core, "v1")
                let up = try await stack.plane("up", ["--wait"])
                #expect(up.status == 0, "\(up)")
                try await Self.waitRouted(stack, environment)
                // The precondition that makes the rollback mean something: v1 passes the same checks.
                let healthy = try await stack.plane("health", ["--format", "json", "--timeout", "60s"])
                #expect(healthy.status == 0, "v1 is routed and answers: \(healthy)")

                try await stack.registry.publish(stack.core, "v5")
                let upgrade = try await stack.plane("upgrade", ["--format", "json", "--gate-timeout", "60"])
                #expect(upgrade.status == 1, "\(upgrade)")
                #expect(upgrade.stderr.contains("error[upgrade-failed]") && upgrade.stderr.contains("plane health traefik.route")
                        && upgrade.stderr.contains("502"), "the route failure is named: \(upgrade)")
                #expect(upgrade.stderr.contains("rolled back to last-good: web"), "\(upgrade)")
                let document = try Self.json(upgrade.stdout)
                #expect(document["outcome"] as? String == "rolled-back", "\(document)")
                let change = try #require((document["changes"] as? [[String: Any]])?.first)
                #expect(change["status"] as? String == "rolled-back", "\(change)")
                #expect((change["to"] as? [String: Any])?["imageID"] as? String == v5, "v5 was what failed: \(change)")
                #expect((change["gate"] as? String)?.contains("502") == true, "\(change)")

                #expect(try await stack.imageOf("web") == v1, "web runs the previous image ID again")
                #expect(try await stack.tagged(stack.core) == v1, "under the same tag")
                let inspect = try await TestEngine.client().inspectContainer("\(stack.project)-web-1")
                #expect(inspect.config?.image == stack.registry.reference(stack.core), "the container's image is still the file's reference")
                let containers = try await TestEngine.containers(stack.project)
                #expect(containers.count == 1 && !containers.contains { ($0.name ?? "").hasSuffix(PlaneLabel.replacedSuffix) },
                        "\(containers.map(\.name))")

                let plan = try await stack.plane("plan")
                #expect(plan.status == 0, "no difference after the rollback: \(plan)")
                let drift = try await stack.plane("drift")
                #expect(drift.status == 0, "no drift after the rollback: \(drift)")
                // The rolled-back container serves through Traefik again.
                try await Self.waitRouted(stack, environment)
                let after = try await stack.plane("health", ["--timeout", "60s"])
                #expect(after.status == 0, "v1 answers through Traefik again: \(after)")

                let history = try await stack.plane("history", ["--format", "json"])
                let runs = try #require(try Self.json(history.stdout)["runs"] as? [[String: Any]])
                let run = try #require(runs.first { $0["kind"] as? String == "upgrade" }, "\(history)")
                #expect(run["outcome"] as? String == "restored", "\(run)")
                let recorded = try #require((run["imageChanges"] as? [[String: Any]])?.first { $0["service"] as? String == "web" })
                #expect(recorded["status"] as? String == "rolled-back", "\(recorded)")
                #expect((recorded["gate"] as? String)?.contains("traefik.route") == true && (recorded["gate"] as? String)?.contains("502") == true,
                        "the gate's cause is in the history: \(recorded)")
            }
        } catch {
            await environment.stop()
            throw error
        }
        await environment.stop()
    }
}
