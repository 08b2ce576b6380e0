import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// `plane health` (the binary) against the real Traefik 3.5.3 (docker provider on the test dockerd), the
/// real CrowdSec LAPI 1.4.6 and real Prometheus 2.42 sender/receiver, with the doubles of
/// scripts/doubles (each names the version it imitates). One fault per test, as issue 10's acceptance
/// lists them; after each, no decision of plane's is left in the LAPI.
@Suite("plane health against the real edge", .serialized, .enabled(if: TestEngine.shouldRun, TestEngine.skipComment))
struct HealthIntegrationTests {
    struct Document: Decodable {
        var verdict: String
        var results: [HealthResult]
    }

    struct Run {
        var status: Int32
        var document: Document?
        var raw: PlaneProcess.Result
        func result(_ check: String, _ service: String? = nil) -> HealthResult? {
            document?.results.first { $0.check == check && (service == nil || $0.service == service) }
        }
        func results(_ check: String) -> [HealthResult] { document?.results.filter { $0.check == check } ?? [] }
    }

    /// Starts the environment, brings the project up with plane, runs `body`, and always cleans up:
    /// the project removed, the components stopped, and no plane decision left in the LAPI.
    func withStack(_ configure: (HealthEnvironment) async throws -> URL, checkDecisions: Bool = true,
                   _ body: (HealthEnvironment, URL, [String: String]) async throws -> Void) async throws {
        let host = try TestEngine.requireHost()
        let environment = try await HealthEnvironment.start(dockerHost: host)
        let state = environment.directory.appendingPathComponent("state")
        let env = ["DOCKER_HOST": host, "PLANE_STATE_DIR": state.path]
        var name = ""
        do {
            let project = try await configure(environment)
            name = project.lastPathComponent.replacingOccurrences(of: "project-", with: "")
            let up = try await PlaneProcess.run(["up", "--skip-lint", "--wait", "--wait-timeout", "60"], in: project, environment: env)
            #expect(up.status == 0, "\(up)")
            try await body(environment, project, env)
            if checkDecisions {
                let left = try await environment.planeDecisions()
                #expect(left.isEmpty, "plane's decisions left in the LAPI: \(left)")
            }
        } catch {
            await TestEngine.removeProject(name)
            await environment.stop()
            throw error
        }
        await TestEngine.removeProject(name)
        await environment.stop()
    }

    func health(_ project: URL, _ env: [String: String], _ extra: [String] = []) async throws -> Run {
        let raw = try await PlaneProcess.run(["health", "--format", "json", "--timeout", "60s"] + extra, in: project, environment: env, timeout: 120)
        let document = try? JSONDecoder().decode(Document.self, from: Data(raw.stdout.utf8))
        return Run(status: raw.status, document: document, raw: raw)
    }

    /// Waits until Traefik routes the project's `app@docker` (it learns containers from Docker events).
    func waitRouted(_ environment: HealthEnvironment, present: Bool = true) async throws {
        for _ in 0..<120 {
            let r = try await PlaneProcess.runProgram("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "2",
                                                                        "\(environment["TRAEFIK_API"])/api/http/routers/app@docker"],
                                                      in: environment.directory, environment: [:], timeout: 10)
            if (r.stdout == "200") == present { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw SetupError("Traefik did not \(present ? "route" : "drop") app@docker within 30 s")
    }

    /// Waits until the Prometheus agent (Alloy's stand-in) has delivered a first batch to the receiver: the
    /// agent sends on its own schedule, and on a loaded machine the first batch can come after the first check.
    func waitExported(_ environment: HealthEnvironment) async throws {
        let query = "count({host=\"\(environment["HOST_LABEL"])\"})"
        for _ in 0..<240 {
            let r = try await PlaneProcess.runProgram("/usr/bin/curl", ["-s", "-m", "2", "-G", "--data-urlencode", "query=\(query)",
                                                                        "\(environment["PROMETHEUS"])/api/v1/query"],
                                                      in: environment.directory, environment: [:], timeout: 10)
            if r.stdout.contains("\"result\":[{") { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw SetupError("the Prometheus agent delivered nothing to the receiver within 60 s")
    }

    static func unique(_ prefix: String) -> String { TestEngine.projectName(prefix) }

    @Test("every check passes on a working stack: containers, routers, routes, enforcement, export; exit 0")
    func allProven() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hok"), alloy: e["ALLOY"]) }) { environment, project, env in
            try await waitRouted(environment)
            try await waitExported(environment)
            let run = try await health(project, env)
            #expect(run.status == 0, "\(run.raw)")
            #expect(run.result("container", "app")?.status == .pass)
            #expect(run.results("traefik.router").count == 2 && run.results("traefik.router").allSatisfy { $0.status == .pass }, "\(run.raw)")
            let routes = run.results("traefik.route")
            #expect(routes.count == 2 && routes.allSatisfy { $0.status == .pass }, "\(run.raw)")
            #expect(routes.contains { $0.evidence.contains("redirect to sign-in (forward-auth)") })
            let enforcement = run.result("crowdsec.enforcement")
            #expect(enforcement?.status == .pass, "\(run.raw)")
            #expect(enforcement?.evidence.contains("banned: 403 forbidden (CrowdSec ban or a bouncer failing closed)") == true)
            #expect(run.result("alloy.remote-write")?.status == .pass, "\(run.raw)")
            #expect(run.result("alloy.receiver.prometheus")?.status == .pass, "\(run.raw)")
            #expect(run.result("alloy.receiver.loki")?.status == .pass, "\(run.raw)")
            // the machine password and the JWT never reach the output
            let password = try String(contentsOfFile: environment["CROWDSEC_MACHINE_CREDENTIALS"], encoding: .utf8)
                .split(separator: "\n").first { $0.hasPrefix("password:") }.map { String($0.dropFirst("password:".count)).trimmingCharacters(in: .whitespaces) } ?? "?"
            #expect(!run.raw.stdout.contains(password) && !run.raw.stderr.contains(password))
            #expect(!run.raw.stdout.contains("eyJ"), "a JWT reached the output")
            // Traefik's docker provider read the engine through the stack's socket-proxy (real HAProxy with
            // core/socket-proxy/haproxy.cfg), on its read-only listener, as in the stack.
            #expect(environment["SOCKET_PROXY"].hasPrefix("tcp://127.0.0.1:"), "health-env.sh started no socket-proxy")
            let proxyLog = try String(contentsOfFile: environment["SOCKET_PROXY_LOG"], encoding: .utf8)
            let reads = proxyLog.split(separator: "\n").filter { $0.contains(" docker_read ") }
            #expect(reads.contains { $0.contains("GET ") && $0.contains("/containers/json") }, "\(proxyLog.suffix(2000))")
            #expect(reads.contains { $0.contains("GET ") && $0.contains("/containers/") && $0.contains("/json ") && !$0.contains("/containers/json") },
                    "no container inspect through the proxy: \(proxyLog.suffix(2000))")
            #expect(!proxyLog.contains(" docker_admin "), "Traefik used the deployer listener")
        }
    }

    @Test("an app container stopped: the container fails once, its routers say blocked by it")
    func containerStopped() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hstop")) }) { environment, project, env in
            try await waitRouted(environment)
            let name = project.lastPathComponent.replacingOccurrences(of: "project-", with: "")
            let id = try await TestEngine.containers(name).first { $0.labels?[ComposeLabel.service] == "app" }!.id
            _ = try await TestEngine.client().stopContainer(id, timeout: 1)
            try await waitRouted(environment, present: false)
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("container", "app")?.status == .fail)
            #expect(run.result("container", "app")?.cause.contains("is not running") == true, "\(run.raw)")
            #expect(run.results("traefik.router").allSatisfy { $0.status == .skip && $0.cause == "blocked by app" }, "\(run.raw)")
            #expect(run.document?.results.filter { $0.status == .fail }.count == 1, "one root cause, reported once: \(run.raw)")
        }
    }

    @Test("a container unhealthy: named unhealthy, its router vanishing from Traefik is blocked by it")
    func containerUnhealthy() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hsick")) }) { environment, project, env in
            try await waitRouted(environment)
            FileManager.default.createFile(atPath: project.appendingPathComponent("probe/sick").path, contents: Data())
            try await waitRouted(environment, present: false)
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("container", "app")?.cause.contains("unhealthy") == true, "\(run.raw)")
            #expect(run.result("traefik.router", "app")?.status == .skip, "\(run.raw)")
            #expect(run.result("traefik.router", "app")?.evidence.contains { $0.contains("not in Traefik") } == true, "\(run.raw)")
        }
    }

    @Test("a chain referencing a missing middleware: the router is disabled, named with Traefik's error")
    func missingMiddleware() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hmw"), middleware: "chain-missing@file") }) { environment, project, env in
            // Traefik lists a disabled router in its API too (status "disabled" with its error), so
            // wait for it to be learnt from Docker's events rather than for a fixed time
            try await waitRouted(environment)
            let run = try await health(project, env)
            #expect(run.status == 1)
            let router = run.document?.results.first { $0.check == "traefik.router" && $0.status == .fail }
            #expect(router?.cause.contains("is disabled") == true, "\(run.raw)")
            #expect(router?.evidence.contains { $0.contains("middleware \"chain-missing@file\" does not exist") } == true, "\(run.raw)")
        }
    }

    @Test("the app refusing connections: the route is named 502")
    func badGateway() async throws {
        try await withStack({ e in try e.project(name: Self.unique("h502"), port: 9090) }) { environment, project, env in
            try await waitRouted(environment)
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.results("traefik.route").contains { $0.status == .fail && $0.cause == "502: the backend refused the connection" }, "\(run.raw)")
        }
    }

    @Test("the auth server down: protected routes answer 500, reported once as authentik.outpost")
    func authServerDown() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hauth")) }) { environment, project, env in
            try await waitRouted(environment)
            await environment.stop("authentik-outpost")
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("authentik.outpost")?.status == .fail, "\(run.raw)")
            let secure = run.results("traefik.route").first { $0.evidence.contains("router app-secure@docker") }
            #expect(secure?.status == .skip && secure?.cause == "blocked by authentik-outpost", "\(run.raw)")
            #expect(secure?.evidence.contains("500: the forward-auth server is unreachable") == true)
            #expect(run.result("crowdsec.enforcement")?.status == .pass, "the public probe router still proves enforcement: \(run.raw)")
        }
    }

    @Test("a bouncer failing closed (bad key): the control address is refused, named; routes blocked by it")
    func bouncerFailsClosed() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hbad")) }) { environment, project, env in
            try await waitRouted(environment)
            try environment.mode("crowdsec-bouncer", "bad-key")
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("crowdsec.enforcement")?.cause.contains("fails closed") == true, "\(run.raw)")
            #expect(run.results("traefik.route").contains { $0.cause == "blocked by crowdsec-bouncer" }, "\(run.raw)")
        }
    }

    @Test("a bouncer that never blocks: the banned address is not refused within the propagation timeout")
    func bouncerNeverBlocks() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hnever"), propagation: "3s") }) { environment, project, env in
            try await waitRouted(environment)
            try environment.mode("crowdsec-bouncer", "never-blocks")
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("crowdsec.enforcement")?.cause.contains("does not enforce decisions") == true, "\(run.raw)")
        }
    }

    @Test("the LAPI down: one crowdsec.lapi failure; the routes the bouncer refuses say blocked by it")
    func lapiDown() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hlapi")) }, checkDecisions: false) { environment, project, env in
            try await waitRouted(environment)
            await environment.stop("crowdsec")
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("crowdsec.lapi")?.status == .fail)
            #expect(run.result("crowdsec.lapi")?.cause.contains("does not answer") == true, "\(run.raw)")
            #expect(run.results("traefik.route").contains { $0.cause == "blocked by crowdsec-lapi" }, "\(run.raw)")
        }
    }

    @Test("a remote-write receiver answering 401: failed grows, named as rejected batches")
    func receiverRejects() async throws {
        try await withStack({ e in
            let receiver = try await e.receiver(status: 401)
            return try e.project(name: Self.unique("h401"), alloy: try await e.alloy(writingTo: receiver + "/api/v1/write", hostLabel: "h401"),
                                 selectorHost: "h401")
        }) { _, project, env in
            // The real sender's first batch goes out a scrape interval after it starts: until it has
            // tried, "never delivered a batch" is the true answer. Wait for the attempt (bounded).
            var run = try await health(project, env)
            for _ in 0..<15 where run.result("alloy.remote-write")?.cause.contains("never delivered") == true {
                try await Task.sleep(for: .seconds(3))
                run = try await health(project, env)
            }
            #expect(run.status == 1)
            #expect(run.result("alloy.remote-write")?.cause.contains("rejects batches") == true, "\(run.raw)")
        }
    }

    @Test("a remote-write receiver down: retried grows, named unreachable")
    func receiverDown() async throws {
        try await withStack({ e in
            let closed = try HealthEnvironment.freePort()
            return try e.project(name: Self.unique("hdown"), alloy: try await e.alloy(writingTo: "http://127.0.0.1:\(closed)/api/v1/write", hostLabel: "hdown"),
                                 selectorHost: "hdown")
        }) { _, project, env in
            try await Task.sleep(for: .seconds(3))
            let run = try await health(project, env)
            #expect(run.status == 1)
            let cause = run.result("alloy.remote-write")?.cause ?? ""
            #expect(cause.contains("unreachable") || cause.contains("backlog grows") || cause.contains("never delivered"), "\(run.raw)")
        }
    }

    @Test("a receiver accepting writes but never queryable: the sender passes, the receiver check fails")
    func receiverNeverQueryable() async throws {
        try await withStack({ e in
            let receiver = try await e.receiver(status: 204)
            return try e.project(name: Self.unique("hsink"), alloy: try await e.alloy(writingTo: receiver + "/api/v1/write", hostLabel: "hsink"),
                                 selectorHost: "hsink")
        }) { _, project, env in
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("alloy.receiver.prometheus")?.cause.contains("no sample matching") == true, "\(run.raw)")
        }
    }

    @Test("Loki with nothing recent: named, not trusted to the sender's counters")
    func lokiNothingRecent() async throws {
        try await withStack({ e in try e.project(name: Self.unique("hloki"), alloy: e["ALLOY"]) }) { environment, project, env in
            try environment.mode("loki", "nothing-recent")
            let run = try await health(project, env)
            #expect(run.status == 1)
            #expect(run.result("alloy.receiver.loki")?.status == .fail, "\(run.raw)")
        }
    }

    @Test("SIGINT and SIGTERM during the ban: exit 130/143, plane's ban removed; a killed run's ban removed by the next run",
          arguments: [Int32(2), Int32(15), Int32(9)])
    func banRemovedOnEveryExit(signal: Int32) async throws {
        try await withStack({ e in try e.project(name: Self.unique("hsig\(signal)"), propagation: "30s") }) { environment, project, env in
            try await waitRouted(environment)
            try environment.mode("crowdsec-bouncer", "never-blocks")   // the probe waits 30 s with the ban on
            let process = try PlaneProcess.start(["health", "--timeout", "90s"], in: project, environment: env)
            var banned = false
            for _ in 0..<120 where !banned {
                banned = try await !environment.planeDecisions().isEmpty
                if !banned { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(banned, "plane's ban never appeared")
            kill(process.processIdentifier, signal)
            for _ in 0..<80 where process.isRunning { try await Task.sleep(for: .milliseconds(250)) }
            #expect(!process.isRunning)
            if signal == 9 {
                #expect(try await !environment.planeDecisions().isEmpty, "a killed run leaves its ban")
                try environment.mode("crowdsec-bouncer", "")
                let run = try await health(project, env)
                #expect(run.result("crowdsec.leftovers")?.status == .pass, "\(run.raw)")
                #expect(run.result("crowdsec.leftovers")?.evidence.first?.hasPrefix("203.0.113.11") == true, "\(run.raw)")
            } else {
                #expect(process.terminationStatus == 128 + signal)
                #expect(try await environment.planeDecisions().isEmpty)
            }
        }
    }
}
