import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

@Suite("Canonical service -> POST /containers/create body")
struct ContainerCreateMappingTests {
    let directory: URL
    let desired: DesiredState

    init() throws {
        directory = try UpFixture.copy("UpStack")
        desired = try UpFixture.desired(try UpFixture.load(directory), profiles: ["*"])
    }

    @Test("config: image, command, env from env_file, healthcheck in ns, compose and plane labels")
    func config() throws {
        let proxy = desired.service("proxy")!
        let config = proxy.createRequest.config
        #expect(config.image == "local/busybox:1")
        #expect(config.cmd == ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"])
        #expect(config.env == ["PROXY_LOG=info", "PROXY_MODE=edge"])
        #expect(config.stopSignal == "SIGKILL")
        #expect(config.healthcheck == Engine.HealthConfig(test: ["CMD", "/bin/busybox", "true"], interval: .seconds(1), timeout: .seconds(2), retries: 3))
        let labels = config.labels ?? [:]
        #expect(labels["com.docker.compose.project"] == "upstack")
        #expect(labels["com.docker.compose.service"] == "proxy")
        #expect(labels["com.docker.compose.container-number"] == "1")
        #expect(labels["com.docker.compose.oneoff"] == "False")
        #expect(labels["com.docker.compose.version"] == "2.40.3")
        #expect(labels["com.docker.compose.project.working_dir"] == directory.path)
        #expect(labels["com.docker.compose.project.config_files"] == directory.appendingPathComponent("compose.yaml").path)
        #expect(labels["com.docker.compose.config-hash"] == proxy.composeHash)
        #expect(labels["dev.plane.config-hash"] == proxy.planeHash)
        #expect(labels["dev.plane.label-key"] == UpFixture.key.id)
        #expect(labels["dev.plane.inputs"]?.hasPrefix("env:env/proxy.env=") == true)
        #expect(labels["dev.plane.inputs"]?.contains(";secret:proxy_users=") == true)
        #expect(desired.service("media")!.createRequest.config.labels?["com.docker.compose.depends_on"]
            == "auth:service_healthy:false,media-init:service_completed_successfully:false,proxy:service_healthy:false")
    }

    @Test("host config: hardening, tmpfs, restart, secrets as read-only binds, named volumes as Binds")
    func hostConfig() throws {
        let host = try #require(desired.service("proxy")!.createRequest.hostConfig)
        #expect(host.readonlyRootfs == true)
        #expect(host.capDrop == ["ALL"])
        #expect(host.securityOpt == ["no-new-privileges:true"])
        #expect(host.tmpfs == ["/tmp": "rw,size=16m"])
        #expect(host.restartPolicy == Engine.RestartPolicy(name: "unless-stopped"))
        var secret = Engine.Mount(type: "bind", source: directory.appendingPathComponent("secrets/proxy_users").path,
                                  target: "/run/secrets/proxy_users", readOnly: true)
        secret.bindOptions = Engine.Mount.BindOptions()
        #expect(host.mounts == [secret])
        let media = try #require(desired.service("media")!.createRequest.hostConfig)
        #expect(media.binds == ["upstack_library:/library:ro"])
        #expect(desired.service("media-init")!.createRequest.hostConfig?.restartPolicy == Engine.RestartPolicy(name: "no"))
        let notes = try #require(desired.service("notes")!.createRequest)
        #expect(notes.hostConfig?.portBindings == ["8083/tcp": [Engine.PortBinding(hostIP: "127.0.0.1", hostPort: "")]])
        #expect(notes.config.exposedPorts == ["8083/tcp": Engine.EmptyObject()])
        let telemetry = try #require(desired.service("telemetry")!.createRequest)
        #expect(telemetry.config.user == "65534:65534")
        #expect(telemetry.config.workingDir == "/tmp")
        #expect(telemetry.config.hostname == "telemetry")
        #expect(telemetry.hostConfig?.ulimits == [Engine.Ulimit(name: "nofile", soft: 1024, hard: 2048)])
    }

    @Test("one network at create with compose's aliases; the others connected before start (API < 1.44)")
    func networks() throws {
        let proxy = desired.service("proxy")!
        #expect(proxy.createRequest.hostConfig?.networkMode == "upstack_back")
        #expect(proxy.createRequest.networkingConfig == Engine.NetworkingConfig(endpointsConfig: [
            "upstack_back": Engine.EndpointSettings(aliases: ["upstack-proxy-1", "proxy"], ipamConfig: .init()),
        ]))
        #expect(proxy.attachments.map(\.network.name) == ["upstack_edge"])
        #expect(proxy.attachments.first?.endpoint.aliases == ["upstack-proxy-1", "proxy", "ingress"])

        let wide = try DesiredState.build(project: try UpFixture.load(directory), selection: desired.selection, key: UpFixture.key, multipleNetworksAtCreate: true)
        #expect(wide.service("proxy")!.createRequest.networkingConfig?.endpointsConfig.keys.sorted() == ["upstack_back", "upstack_edge"])
        #expect(wide.service("proxy")!.attachments.isEmpty)
    }

    @Test("the body encodes with the Engine's keys")
    func encoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(desired.service("proxy")!.createRequest), as: UTF8.self)
        for key in ["\"Image\":\"local\\/busybox:1\"", "\"HostConfig\":{", "\"NetworkingConfig\":{\"EndpointsConfig\"", "\"ReadonlyRootfs\":true", "\"Healthcheck\":{"] {
            #expect(json.contains(key), "missing \(key)")
        }
    }

    /// The telemetry service of UpStack with `lines` added under `hostname:`.
    func telemetry(adding lines: String) throws -> DesiredService {
        let dir = try UpFixture.copy("UpStack")
        let file = dir.appendingPathComponent("compose.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "    hostname: telemetry\n", with: "    hostname: telemetry\n" + lines)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try UpFixture.desired(try UpFixture.load(dir), profiles: ["monitoring"]).service("telemetry")!
    }

    func refusal(adding lines: String) throws -> PlanError? {
        do {
            _ = try telemetry(adding: lines)
            return nil
        } catch let error as PlanError {
            return error
        }
    }

    @Test("memory, shm and cpu limits reach the Engine (issue 13: they were dropped)")
    func limits() throws {
        let host = try #require(try telemetry(adding: "    mem_limit: 64m\n    mem_reservation: 32m\n    shm_size: 16m\n    cpus: 0.5\n    oom_score_adj: 100\n    pids_limit: 50\n").createRequest.hostConfig)
        #expect(host.memory == Int64(67_108_864))
        #expect(host.memoryReservation == Int64(33_554_432))
        #expect(host.shmSize == Int64(16_777_216))
        #expect(host.nanoCpus == Int64(500_000_000))
        #expect(host.oomScoreAdj == 100)
        #expect(host.pidsLimit == Int64(50))
        let deploy = try #require(try telemetry(adding: "    deploy:\n      resources:\n        limits: {memory: 96m, cpus: \"0.25\", pids: 64}\n        reservations: {memory: 48m}\n").createRequest.hostConfig)
        #expect(deploy.memory == Int64(100_663_296))
        #expect(deploy.memoryReservation == Int64(50_331_648))
        #expect(deploy.nanoCpus == Int64(250_000_000))
        #expect(deploy.pidsLimit == Int64(64))
    }

    @Test("what plane cannot apply is refused naming the service and key, never dropped")
    func refused() throws {
        let cases: [(String, String)] = [
            ("    scale: -1\n", "services.telemetry.scale"),
            ("    deploy:\n      replicas: -2\n", "services.telemetry.deploy.replicas"),
            ("    platform: linux/arm64\n", "services.telemetry.platform"),
            ("    post_start:\n      - command: [\"true\"]\n", "services.telemetry.post_start"),
            ("    mem_limit: 64m\n    deploy:\n      resources:\n        limits: {memory: 32m}\n", "services.telemetry.mem_limit"),
            ("    cpus: 0.5\n    deploy:\n      resources:\n        limits: {memory: 32m}\n", "services.telemetry.cpus"),
            ("    security_opt: [\"seccomp=profile.json\"]\n", "services.telemetry.security_opt"),
        ]
        for (lines, key) in cases {
            let error = try refusal(adding: lines)
            #expect(error?.message.hasPrefix(key + ":") == true, "\(lines): \(String(describing: error))")
        }
        #expect(try refusal(adding: "    scale: 1\n    deploy:\n      replicas: 1\n") == nil)
    }
}
