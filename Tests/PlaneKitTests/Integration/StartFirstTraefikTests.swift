import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// `deploy.update_config.order` through the real Traefik 3.5.3 (scripts/health-env.sh: its docker
/// provider on the test dockerd) and a loopback registry: a routed service upgraded v1 -> v2 while
/// bench/request_loop.py sends requests through Traefik's websecure entrypoint (loopback, bounded).
/// start-first: no request fails, and both versions answer. stop-first: the gap is measured and
/// reported (it is compose's way; not asserted to be zero).
@Suite("start-first through the real Traefik", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct StartFirstTraefikTests {
    struct Loop: Decodable {
        var total: Int
        var failed: Int
        var gapSeconds: Double
        var answers: [String: Int]
        var failures: [String: Int]
        var slowestSeconds: Double
    }

    /// A project with one routed service `app` on the registry's tag, healthy v1/v2 images
    /// (busybox httpd on 8080, `init: true` so that SIGTERM ends it), Traefik configured for plane.
    static func project(_ environment: HealthEnvironment, registry: TestRegistry, order: String) throws -> (URL, String, String, String) {
        let id = String(UUID().uuidString.prefix(8).lowercased())
        let name = "plane-sf-\(id)", repository = "plane/\(id)-app", host = "sf\(id).health.test"
        let dir = environment.directory.appendingPathComponent("project-\(name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        name: \(name)
        services:
          app:
            image: \(registry.reference(repository))
            init: true
            stop_grace_period: 5s
            healthcheck: {test: ["CMD", "/bin/busybox", "test", "-f", "/etc/plane-healthy"], interval: 1s, timeout: 10s, retries: 3}
            deploy:
              update_config: {order: \(order)}
            labels:
              traefik.enable: "true"
              traefik.http.routers.sf\(id).rule: Host(`\(host)`)
              traefik.http.routers.sf\(id).entrypoints: websecure
              traefik.http.routers.sf\(id).tls: "true"
              traefik.http.services.sf\(id).loadbalancer.server.port: "8080"
        x-plane:
          health:
            traefik:
              api: \(environment["TRAEFIK_API"])
              entrypoint: \(environment["TRAEFIK_WEBSECURE"])

        """.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        return (dir, name, repository, host)
    }

    /// `plane up --wait` of `project`'s directory on v1, then v2 published: plane's environment for
    /// the upgrade that follows.
    static func upOnV1(_ dir: URL, _ projectName: String, _ repository: String, environment: HealthEnvironment,
                       registry: TestRegistry, dockerHost: String) async throws -> [String: String] {
        let env = ["DOCKER_HOST": dockerHost, "PLANE_STATE_DIR": environment.directory.appendingPathComponent("state-\(projectName)").path]
        try await registry.publish(repository, "v1")
        let up = try await PlaneProcess.run(["up", "--skip-lint", "--wait", "--wait-timeout", "60"], in: dir, environment: env)
        try #require(up.status == 0, "\(up)")
        try await registry.publish(repository, "v2")
        return env
    }

    /// Until cancelled, every 250 ms a container of another project starts and is removed: `start`
    /// and `die` events, on each of which Traefik re-reads every container (as on a busy host).
    static func churn(_ tag: String) async {
        guard let client = try? await TestEngine.client() else { return }
        var config = Engine.ContainerConfig()
        config.image = "local/busybox:1"
        config.cmd = ["true"]
        config.labels = ["traefik.enable": "false", "dev.plane.test": "churn"]
        var host = Engine.HostConfig()
        host.networkMode = "none"
        var count = 0
        while !Task.isCancelled {
            count += 1
            if let created = try? await client.createContainer(name: "plane-churn-\(tag)-\(count)", Engine.ContainerCreateRequest(config: config, hostConfig: host)) {
                _ = try? await client.startContainer(created.id)
                _ = try? await client.removeContainer(created.id, force: true, volumes: true)
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Up on v1, v2 published, `plane upgrade` while the loop runs (and, with `churn`, other containers
    /// come and go); the loop's summary and the upgrade's result.
    static func upgradeUnderLoad(order: String, offset: Int, churn: Bool = false) async throws -> (Loop, PlaneProcess.Result, String, String) {
        let dockerHost = try TestEngine.requireHost()
        let environment = try await HealthEnvironment.start(dockerHost: dockerHost)
        do {
            var result: (Loop, PlaneProcess.Result, String, String)?
            try await TestRegistry.with(offset: offset) { registry in
                let (dir, projectName, repository, host) = try project(environment, registry: registry, order: order)
                do {
                    let env = try await Self.upOnV1(dir, projectName, repository, environment: environment, registry: registry, dockerHost: dockerHost)

                    let stop = environment.directory.appendingPathComponent("loop-\(projectName).stop")
                    let ready = environment.directory.appendingPathComponent("loop-\(projectName).ready")
                    let loop = try environment.launch("/usr/bin/python3", [
                        HealthEnvironment.repository.appendingPathComponent("bench/request_loop.py").path,
                        "--url", environment["TRAEFIK_WEBSECURE"], "--host", host, "--stop-file", stop.path,
                        "--ready-file", ready.path, "--max-seconds", "240", "--workers", "4"])
                    // The loop is under way (Traefik routes v1) before the upgrade starts.
                    for _ in 0..<240 where !FileManager.default.fileExists(atPath: ready.path) { try await Task.sleep(for: .milliseconds(250)) }
                    try #require(FileManager.default.fileExists(atPath: ready.path), "Traefik never answered for \(host) before the upgrade")
                    try await Task.sleep(for: .seconds(1))
                    let churning = churn ? Task { await Self.churn(String(projectName.suffix(8))) } : nil
                    let upgrade = try await PlaneProcess.run(["upgrade", "--skip-lint", "--gate-timeout", "60"], in: dir, environment: env, timeout: 300)
                    churning?.cancel()
                    await churning?.value
                    try await Task.sleep(for: .seconds(2))   // v2 answering after the upgrade is part of the measurement
                    FileManager.default.createFile(atPath: stop.path, contents: nil)
                    for _ in 0..<240 where loop.isRunning { try await Task.sleep(for: .milliseconds(250)) }
                    let log = try String(contentsOf: environment.directory.appendingPathComponent("logs/extra-0.log"), encoding: .utf8)
                    let summary = try JSONDecoder().decode(Loop.self, from: Data((log.split(separator: "\n").last ?? "").utf8))
                    let containers = try await TestEngine.containers(projectName)
                    let left = containers.map { "\($0.name ?? "?") \($0.state ?? "?")" }.sorted()
                    result = (summary, upgrade, left.joined(separator: ", "), log)
                } catch {
                    await TestEngine.removeProject(projectName)
                    throw error
                }
                await TestEngine.removeProject(projectName)
            }
            await environment.stop()
            return try #require(result)
        } catch {
            await environment.stop()
            throw error
        }
    }

    @Test("start-first: no failed request through Traefik during the upgrade, while other containers start and die; v1 and then v2 answering; one container left")
    func startFirstNoFailure() async throws {
        let (loop, upgrade, left, log) = try await Self.upgradeUnderLoad(order: "start-first", offset: 12, churn: true)
        #expect(upgrade.status == 0, "\(upgrade)")
        print("start-first through Traefik: \(loop.total) requests, \(loop.failed) failed, slowest \(loop.slowestSeconds) s, answers \(loop.answers)")
        // The drain ran: routed first, then the old container out of Traefik (the new one UP in the same reading) before its stop.
        let routed = upgrade.stdout.range(of: "is routed by Traefik"), paused = upgrade.stdout.range(of: "_plane-old paused")
        let leftTraefik = upgrade.stdout.range(of: "Traefik handed over to")
        #expect(routed != nil && paused != nil && leftTraefik != nil, "\(upgrade)")
        if let routed, let paused, let leftTraefik { #expect(routed.upperBound <= paused.lowerBound && paused.upperBound <= leftTraefik.lowerBound) }
        #expect(loop.failed == 0, "failed requests during a start-first upgrade: \(loop.failures) (gap \(loop.gapSeconds) s)\n\(log)")
        #expect((loop.answers["ok v1"] ?? 0) > 0 && (loop.answers["ok v2"] ?? 0) > 0, "both versions answer: \(loop.answers)")
        #expect(left.hasSuffix("-app-1 running") && !left.contains(","), "one container left: \(left)")
    }

    @Test("stop-first (compose's way): the gap through Traefik is measured and reported")
    func stopFirstGapMeasured() async throws {
        let (loop, upgrade, left, _) = try await Self.upgradeUnderLoad(order: "stop-first", offset: 13)
        #expect(upgrade.status == 0, "\(upgrade)")
        print("stop-first through Traefik: \(loop.total) requests, \(loop.failed) failed \(loop.failures), gap \(loop.gapSeconds) s")
        #expect(loop.total > 0 && (loop.answers["ok v2"] ?? 0) > 0, "v2 answers after the upgrade: \(loop.answers)")
        #expect(loop.failed == 0 ? loop.gapSeconds == 0 : loop.gapSeconds > 0, "the gap is reported with the failures: \(loop)")
        #expect(left.hasSuffix("-app-1 running") && !left.contains(","), "one container left: \(left)")
    }

    @Test("SIGINT, SIGTERM or SIGKILL while the old container is paused in the drain: 130/143 and nothing left paused; after any of them the next up converges to one running container and no announcer is left",
          arguments: [Int32(2), Int32(15), Int32(9)])
    func interruptedDrain(signal: Int32) async throws {
        let dockerHost = try TestEngine.requireHost()
        let environment = try await HealthEnvironment.start(dockerHost: dockerHost)
        do {
            try await TestRegistry.with(offset: [2: 14, 15: 15, 9: 16][signal] ?? 17) { registry in
                let (dir, projectName, repository, _) = try Self.project(environment, registry: registry, order: "start-first")
                do {
                    let env = try await Self.upOnV1(dir, projectName, repository, environment: environment, registry: registry, dockerHost: dockerHost)

                    let process = try PlaneProcess.start(["upgrade", "--skip-lint", "--gate-timeout", "60"], in: dir, environment: env)
                    var paused = false
                    for _ in 0..<1200 where !paused && process.isRunning {
                        paused = try await TestEngine.containers(projectName).contains { ($0.name ?? "").hasSuffix("_plane-old") && $0.state == "paused" }
                        if !paused { try await Task.sleep(for: .milliseconds(50)) }
                    }
                    try #require(paused, "the old container was never seen paused (the drain did not run)")
                    kill(process.processIdentifier, signal)
                    for _ in 0..<120 where process.isRunning { try await Task.sleep(for: .milliseconds(250)) }
                    #expect(!process.isRunning)
                    let after = try await TestEngine.containers(projectName).map { "\($0.name ?? "?") \($0.state ?? "?")" }.sorted()
                    if signal != 9 {
                        #expect(process.terminationStatus == 128 + signal)
                        #expect(!after.contains { $0.hasSuffix(" paused") }, "left paused after the signal: \(after)")
                    }

                    let next = try await PlaneProcess.run(["up", "--skip-lint", "--wait", "--wait-timeout", "60"], in: dir, environment: env)
                    #expect(next.status == 0, "the up after the signal: \(next)")
                    let left = try await TestEngine.containers(projectName).map { "\($0.name ?? "?") \($0.state ?? "?")" }.sorted()
                    #expect(left.count == 1 && left[0].hasSuffix("-app-1 running"), "after the signal: \(after); after the next up: \(left)")
                    let client = try await TestEngine.client()
                    let announcers = try await client.listContainers(all: true, filters: Engine.Filters.label(PlaneLabel.drain, projectName))
                    #expect(announcers.isEmpty, "announcers left: \(announcers.compactMap(\.name))")
                } catch {
                    await TestEngine.removeProject(projectName)
                    throw error
                }
                await TestEngine.removeProject(projectName)
            }
            await environment.stop()
        } catch {
            await environment.stop()
            throw error
        }
    }
}
