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
        #expect(labels["com.docker.compose.config-hash"] == proxy.definitionHash)
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
        #expect(host.mounts == [Engine.Mount(type: "bind", source: directory.appendingPathComponent("secrets/proxy_users").path,
                                             target: "/run/secrets/proxy_users", readOnly: true)])
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
            "upstack_back": Engine.EndpointSettings(aliases: ["upstack-proxy-1", "proxy"]),
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

    @Test("keys plane cannot map are named, not dropped in silence; a service without image is refused")
    func unmapped() throws {
        let dir = try UpFixture.copy("UpStack")
        let file = dir.appendingPathComponent("compose.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "    hostname: telemetry\n", with: "    hostname: telemetry\n    oom_score_adj: 100\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let state = try UpFixture.desired(try UpFixture.load(dir), profiles: ["monitoring"])
        #expect(state.service("telemetry")!.unmappedKeys == ["oom_score_adj"])
        #expect(state.warnings.contains("telemetry: plane does not apply oom_score_adj (no Engine mapping yet)"))
    }
}
