import Foundation
import TestPrograms
@testable import PlaneKit

/// The real components of scripts/health-env.sh (Traefik 3.5.3 with its docker provider on the test
/// dockerd, CrowdSec LAPI 1.4.6, Prometheus 2.42 receiver and agent) and the doubles that follow
/// health-facts.md (Alloy v1.11.3, Loki v3, Authentik outpost 2025.10.1, thespad bouncer v0.5.0),
/// started for one test in a directory of its own and stopped by `stop()` (only what it started).
final class HealthEnvironment: @unchecked Sendable {
    let directory: URL
    let values: [String: String]
    private var extra: [TestProgram] = []

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    subscript(key: String) -> String { values["HEALTH_" + key] ?? "" }

    static func start(dockerHost: String) async throws -> HealthEnvironment {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-health-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The components outlive the script: started through a parent that closes every inherited
        // descriptor above 2 (close_fds), or they would hold Foundation's exit notification open.
        let result = try await PlaneProcess.runProgram("/usr/bin/python3", ["-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:], close_fds=True))",
                                                                             "/bin/bash", repository.appendingPathComponent("scripts/health-env.sh").path, "start", directory.path],
                                                       in: repository, environment: ["DOCKER_HOST": dockerHost, "HEALTH_HOST_LABEL": "plane-test",
                                                                                     "HEALTH_ENV_WAIT": "60", "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"],
                                                       timeout: 240)
        guard result.status == 0 else { throw SetupError("health-env.sh start failed: \(result)") }
        let text = try String(contentsOf: directory.appendingPathComponent("env"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if let eq = line.firstIndex(of: "=") { values[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        return HealthEnvironment(directory: directory, values: values)
    }

    private init(directory: URL, values: [String: String]) {
        self.directory = directory
        self.values = values
    }

    /// A double's switch (re-read on every request).
    func mode(_ name: String, _ value: String) throws {
        try value.write(to: directory.appendingPathComponent("doubles/\(name).mode"), atomically: true, encoding: .utf8)
    }

    /// Stops components (all when none is named).
    func stop(_ names: String...) async {
        if names.isEmpty {
            // the Python doubles ignore SIGTERM (health-env.sh also ends them with SIGKILL)
            for process in extra where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        _ = try? await PlaneProcess.runProgram("/bin/bash", [Self.repository.appendingPathComponent("scripts/health-env.sh").path, "stop", directory.path] + names,
                                               in: Self.repository, environment: ["PATH": "/usr/bin:/bin"], timeout: 60)
    }

    /// Starts a process of the test's own (a receiver double, a second agent), stopped by `stop()`.
    @discardableResult
    func launch(_ program: String, _ arguments: [String]) throws -> TestProgram {
        let log = directory.appendingPathComponent("logs/extra-\(extra.count).log")
        let process = try TestProgram(program, arguments, output: log.path)
        extra.append(process)
        return process
    }

    static func freePort() throws -> Int { try SocketProxyProcess.freePort() }

    /// An Alloy double exporting the metrics of a Prometheus 2.42 agent whose remote_write goes to
    /// `writeURL` (the agent is the code Alloy's prometheus.remote_write embeds); returns Alloy's URL.
    func alloy(writingTo writeURL: String, hostLabel: String) async throws -> String {
        let agentPort = try Self.freePort(), alloyPort = try Self.freePort()
        let dir = directory.appendingPathComponent("agent-\(agentPort)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        global: {scrape_interval: 1s, external_labels: {host: "\(hostLabel)"}}
        scrape_configs: [{job_name: self, static_configs: [{targets: ["127.0.0.1:\(agentPort)"]}]}]
        remote_write: [{name: vm100, url: "\(writeURL)", queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s}}]
        """.write(to: dir.appendingPathComponent("send.yml"), atomically: true, encoding: .utf8)
        let prometheus = URL(fileURLWithPath: self["PROMTOOL"]).deletingLastPathComponent().appendingPathComponent("prometheus").path
        try launch(prometheus, ["--config.file=\(dir.path)/send.yml", "--enable-feature=agent", "--storage.agent.path=\(dir.path)/data",
                                "--web.listen-address=127.0.0.1:\(agentPort)", "--storage.remote.flush-deadline=1s"])
        try launch("/usr/bin/python3", [Self.repository.appendingPathComponent("scripts/doubles/alloy.py").path, "--port", "\(alloyPort)",
                                        "--mode-file", dir.appendingPathComponent("alloy.mode").path,
                                        "--upstream", "http://127.0.0.1:\(agentPort)/metrics",
                                        "--loki-url", "\(self["LOKI"])/loki/api/v1/push", "--host-label", hostLabel])
        try await waitFor("http://127.0.0.1:\(alloyPort)/metrics", containing: "prometheus_remote_storage_samples_total")
        return "http://127.0.0.1:\(alloyPort)"
    }

    /// A loopback receiver double answering every request with `status` (backend.py).
    func receiver(status: Int) async throws -> String {
        let port = try Self.freePort()
        try launch("/usr/bin/python3", [Self.repository.appendingPathComponent("scripts/doubles/backend.py").path, "--port", "\(port)",
                                        "--status", "\(status)", "--mode-file", directory.appendingPathComponent("receiver-\(port).mode").path])
        try await waitFor("http://127.0.0.1:\(port)/", containing: nil)
        return "http://127.0.0.1:\(port)"
    }

    func waitFor(_ url: String, containing text: String?, seconds: Int = 60) async throws {
        for _ in 0..<(seconds * 4) {
            let r = try await PlaneProcess.runProgram("/usr/bin/curl", ["-s", "-m", "2", url], in: directory, environment: [:], timeout: 10)
            if r.status == 0, text.map({ r.stdout.contains($0) }) ?? true { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw SetupError("\(url) did not answer within \(seconds)s")
    }

    /// plane's decisions on the LAPI (read with plane's own bouncer key, through a header file: never argv).
    func planeDecisions() async throws -> [String] {
        let key = try String(contentsOfFile: self["CROWDSEC_PLANE_BOUNCER_KEY_FILE"], encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let header = directory.appendingPathComponent("bouncer-header")
        FileManager.default.createFile(atPath: header.path, contents: Data("X-Api-Key: \(key)\n".utf8), attributes: [.posixPermissions: 0o600])
        let r = try await PlaneProcess.runProgram("/usr/bin/curl", ["-s", "-m", "5", "-H", "@\(header.path)", "\(self["CROWDSEC_LAPI"])/v1/decisions"],
                                                  in: directory, environment: [:], timeout: 10)
        guard r.status == 0 else { throw SetupError("LAPI decisions: \(r)") }
        guard case .decisions(let list) = CrowdSecDecision.decode(status: 200, body: Data(r.stdout.utf8)) else { throw SetupError("LAPI: \(r.stdout)") }
        return CrowdSecProbe.leftovers(list)
    }

    /// compose.yaml of a test project on the test dockerd: `app` (busybox httpd, healthy unless
    /// DIR/probe/sick exists) behind chain-public and, as `app-secure`, behind chain-secure.
    func project(name: String, port: Int = 8080, middleware: String = "chain-public@file", alloy: String? = nil,
                 prometheus: String? = nil, selectorHost: String = "plane-test", propagation: String = "5s",
                 extra: String = "") throws -> URL {
        let dir = directory.appendingPathComponent("project-\(name)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("probe"), withIntermediateDirectories: true)
        let alloySection = alloy.map { url in
            """
                alloy:
                  url: \(url)
                  window: 3s
                  prometheus: \(prometheus ?? self["PROMETHEUS"])
                  loki: \(self["LOKI"])
                  selector: '{host="\(selectorHost)"}'
            """
        } ?? ""
        try """
        name: \(name)
        services:
          app:
            image: local/busybox:1
            command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
            volumes: ["./probe:/probe"]
            healthcheck:
              test: ["CMD", "/bin/sh", "-c", "test ! -f /probe/sick"]
              interval: 1s
              timeout: 10s
              retries: 2
            labels:
              traefik.enable: "true"
              traefik.http.routers.app.rule: Host(`app.health.test`)
              traefik.http.routers.app.entrypoints: websecure
              traefik.http.routers.app.tls: "true"
              traefik.http.routers.app.middlewares: \(middleware)
              traefik.http.routers.app-secure.rule: Host(`app-secure.health.test`)
              traefik.http.routers.app-secure.entrypoints: websecure
              traefik.http.routers.app-secure.tls: "true"
              traefik.http.routers.app-secure.middlewares: chain-secure@file
              traefik.http.routers.app-secure.service: app
              traefik.http.services.app.loadbalancer.server.port: "\(port)"
        \(extra)
        x-plane:
          health:
            traefik:
              api: \(self["TRAEFIK_API"])
              entrypoint: \(self["TRAEFIK_WEBSECURE"])
            crowdsec:
              lapi: \(self["CROWDSEC_LAPI"])
              machine-credentials-file: \(self["CROWDSEC_MACHINE_CREDENTIALS"])
              test-ips: [203.0.113.10, 203.0.113.11]
              propagation-timeout: \(propagation)
              probe-router: app@docker
        \(alloySection)
        """.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        return dir
    }
}
