import Foundation
import Testing
@testable import DockerEngine

/// Against a real private dockerd (see `TestDaemon`). Serialized: the machine has 2 shared cores.
@Suite("Engine integration", .enabled(if: TestDaemon.shouldRun, TestDaemon.skipComment), .serialized)
struct EngineIntegrationTests {
    static let httpd = ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]

    func labelled(_ label: (key: String, value: String), cmd: [String], tty: Bool = false) -> Engine.ContainerConfig {
        var config = Engine.ContainerConfig(image: TestDaemon.image, cmd: cmd, labels: [label.key: label.value])
        config.tty = tty
        return config
    }

    @Test("negotiates with /_ping and /version; 20.10 is spoken to at 1.41")
    func negotiation() async throws {
        let client = try await TestDaemon.client()
        let version = try await client.version()
        let serverMaximum = try #require(version.apiVersion.flatMap(APIVersion.init))
        #expect(client.apiVersion == min(serverMaximum, .testedMaximum))
        #expect(client.apiVersion >= .minimumSupported)
        #expect(client.features.supportsMultipleNetworksAtCreate == (client.apiVersion >= APIVersion(1, 44)))
        let ping = try await client.ping()
        #expect(ping.apiVersion == version.apiVersion)
        let info = try await client.info()
        #expect(info.serverVersion == version.version)
    }

    @Test("create + start + inspect + health polling + list by label + stop + rename + remove")
    func containerLifecycle() async throws {
        try await TestDaemon.withScratch { client, label in
            let networkName = "plane-it-\(label.value.prefix(8))"
            let network = try await client.createNetwork(.init(name: networkName, labels: [label.key: label.value]))

            var config = labelled(label, cmd: Self.httpd)
            config.env = ["PLANE_TEST=1"]
            config.exposedPorts = ["8080/tcp": .init()]
            config.healthcheck = Engine.HealthConfig(
                test: ["CMD", "/bin/busybox", "true"], interval: .seconds(1), timeout: .seconds(2), retries: 3)
            var host = Engine.HostConfig()
            host.readonlyRootfs = true
            host.capDrop = ["ALL"]
            host.capAdd = ["NET_BIND_SERVICE"]
            host.securityOpt = ["no-new-privileges"]
            host.tmpfs = ["/tmp": "size=1m"]
            host.ulimits = [Engine.Ulimit(name: "nofile", soft: 1024, hard: 2048)]
            host.memory = 64 * 1024 * 1024
            host.pidsLimit = 64
            host.restartPolicy = Engine.RestartPolicy(name: "unless-stopped")
            // Created first with the test's label, so the clean-up finds it.
            let volume = try await client.createVolume(.init(name: "plane-it-\(label.value.prefix(8))", labels: [label.key: label.value]))
            host.mounts = [Engine.Mount(type: "volume", source: volume.name, target: "/data")]
            host.portBindings = ["8080/tcp": [Engine.PortBinding(hostIP: "127.0.0.1", hostPort: "")]]
            let name = "plane-it-\(label.value.prefix(8))"
            let created = try await client.createContainer(
                name: name,
                .init(config: config, hostConfig: host, networkingConfig: .network(network.id, aliases: ["web"])))

            // A second create with the same name is the engine's 409.
            do {
                _ = try await client.createContainer(name: name, .init(config: config))
                Issue.record("duplicate name accepted")
            } catch let error as EngineError {
                #expect(error.isConflict)
            }

            #expect(try await client.startContainer(created.id) == true)
            #expect(try await client.startContainer(created.id) == false, "304 already started is success")

            let healthy = try await waitUntil(timeout: .seconds(30), interval: .milliseconds(250)) {
                try await client.inspectContainer(created.id).state?.health?.status == "healthy"
            }
            #expect(healthy)

            let inspect = try await client.inspectContainer(name)
            #expect(inspect.state?.running == true)
            #expect(inspect.config?.labels?[label.key] == label.value)
            #expect(inspect.config?.env?.contains("PLANE_TEST=1") == true)
            #expect(inspect.hostConfig?.readonlyRootfs == true)
            #expect(inspect.hostConfig?.capDrop == ["ALL"])
            #expect(inspect.hostConfig?.securityOpt == ["no-new-privileges"])
            #expect(inspect.hostConfig?.restartPolicy?.name == "unless-stopped")
            #expect(inspect.networkSettings?.networks?[networkName]?.aliases?.contains("web") == true)
            #expect(inspect.mounts?.first?.destination == "/data")
            let published = inspect.networkSettings?.ports?["8080/tcp"]??.first
            #expect(published?.hostIP == "127.0.0.1")
            #expect(Int(published?.hostPort ?? "") != nil, "a host port was assigned")

            let listed = try await client.listContainers(all: true, filters: .label(label.key, label.value))
            #expect(listed.map(\.id) == [created.id])
            #expect(listed.first?.name == name)

            #expect(try await client.stopContainer(created.id, timeout: 1) == true)
            #expect(try await client.stopContainer(created.id, timeout: 1) == false, "304 already stopped is success")
            try await client.renameContainer(created.id, to: name + "-renamed")
            #expect(try await client.inspectContainer(created.id).name == "/" + name + "-renamed")
            try await client.removeContainer(created.id, force: true, volumes: true)
            do {
                _ = try await client.inspectContainer(created.id)
                Issue.record("removed container still inspectable")
            } catch let error as EngineError {
                #expect(error.isNotFound)
            }
        }
    }

    @Test("networks: create with labels, duplicate refused by the engine, connect with aliases, disconnect, remove")
    func networks() async throws {
        try await TestDaemon.withScratch { client, label in
            let name = "plane-net-\(label.value.prefix(8))"
            let created = try await client.createNetwork(.init(name: name, labels: [label.key: label.value]))
            let inspected = try await client.inspectNetwork(name)
            #expect(inspected.id == created.id)
            #expect(inspected.labels?[label.key] == label.value)
            #expect(try await client.listNetworks(filters: .label(label.key, label.value)).map(\.name) == [name])

            do {
                _ = try await client.createNetwork(.init(name: name))
                Issue.record("duplicate network accepted")
            } catch let error as EngineError {
                // 20.10 answers 403 + JSON, newer engines 409: from the engine either way, not a proxy.
                guard case .daemon(let status) = error.code else {
                    Issue.record("duplicate network classified as \(error.kind)")
                    return
                }
                #expect([403, 409].contains(status))
            }

            let container = try await client.createContainer(name: nil, .init(config: labelled(label, cmd: ["/bin/busybox", "sleep", "30"])))
            try await client.connectNetwork(name, container: container.id, aliases: ["db", "db-primary"])
            let attached = try await client.inspectContainer(container.id).networkSettings?.networks?[name]
            #expect(attached?.aliases?.contains("db-primary") == true)
            // The network lists endpoints of running containers only.
            try await client.startContainer(container.id)
            #expect(try await client.inspectNetwork(name).containers?.keys.contains(container.id) == true)

            try await client.disconnectNetwork(name, container: container.id)
            #expect(try await client.inspectContainer(container.id).networkSettings?.networks?[name] == nil)
            try await client.removeContainer(container.id, force: true)
            try await client.removeNetwork(name)
            do {
                _ = try await client.inspectNetwork(name)
                Issue.record("removed network still inspectable")
            } catch let error as EngineError {
                #expect(error.isNotFound)
            }
        }
    }

    @Test("volumes: create with labels, list by label, remove")
    func volumes() async throws {
        try await TestDaemon.withScratch { client, label in
            let name = "plane-vol-\(label.value.prefix(8))"
            let volume = try await client.createVolume(.init(name: name, labels: [label.key: label.value]))
            #expect(volume.name == name)
            #expect(try await client.listVolumes(filters: .label(label.key, label.value)).map(\.name) == [name])
            #expect(try await client.inspectVolume(name).labels?[label.key] == label.value)
            try await client.removeVolume(name)
            #expect(try await client.listVolumes(filters: .label(label.key, label.value)).isEmpty)
        }
    }

    @Test("images: inspect, tag, remove the tag")
    func images() async throws {
        let client = try await TestDaemon.client()
        let image = try await client.inspectImage(TestDaemon.image)
        #expect(image.id.hasPrefix("sha256:"))
        #expect(image.repoTags?.contains(TestDaemon.image) == true)
        #expect(image.repoDigests?.isEmpty ?? true, "an imported image has no registry digest")

        let tag = "it-\(UUID().uuidString.prefix(8).lowercased())"
        try await client.tagImage(TestDaemon.image, repository: "local/plane-tagged", tag: tag)
        #expect(try await client.inspectImage("local/plane-tagged:\(tag)").id == image.id)
        let removed = try await client.removeImage("local/plane-tagged:\(tag)")
        #expect(removed.contains { $0.untagged == "local/plane-tagged:\(tag)" })
        #expect(try await client.inspectImage(TestDaemon.image).id == image.id, "untagging kept the image")
    }

    @Test("a pull from an unreachable registry is an error naming it, classified as engine or stream")
    func pullError() async throws {
        let client = try await TestDaemon.client()
        do {
            try await client.pullImage("127.0.0.1:1/nothing")
            Issue.record("pull from 127.0.0.1:1 succeeded")
        } catch let error as EngineError {
            switch error.code {
            case .daemon, .stream: break
            default: Issue.record("pull error classified as \(error.kind): \(error)")
            }
            #expect(error.description.contains("127.0.0.1:1"))
        }
        // A missing image is a 404 from the engine.
        do {
            _ = try await client.inspectImage("local/does-not-exist:0")
            Issue.record("missing image inspectable")
        } catch let error as EngineError {
            #expect(error.isNotFound)
        }
    }

    @Test("logs of a non-TTY container are demultiplexed into stdout and stderr")
    func logsDemultiplexed() async throws {
        try await TestDaemon.withScratch { client, label in
            let script = "echo out-1; echo err-1 >&2; echo out-2; i=0; while [ $i -lt 300 ]; do echo line-$i; i=$((i+1)); done"
            let created = try await client.createContainer(name: nil, .init(config: labelled(label, cmd: ["/bin/sh", "-c", script])))
            try await client.startContainer(created.id)
            let exit = try await client.waitContainer(created.id)
            #expect(exit.statusCode == 0)

            let frames = try await client.logs(created.id)
            let stdout = frames.filter { $0.stream == .stdout }.map(\.text).joined()
            let stderr = frames.filter { $0.stream == .stderr }.map(\.text).joined()
            #expect(stdout.hasPrefix("out-1\nout-2\nline-0\n"))
            #expect(stdout.hasSuffix("line-299\n"))
            #expect(stderr == "err-1\n")

            let tail = try await client.logs(created.id, options: .init(stderr: false, tail: 2))
            // dockerd 20.10's json-file reader sometimes returns one line less for `tail` (its
            // backwards block scan drops a line at a block boundary; seen about 1 run in 8, more
            // under load): the client's part is the framing, so accept the last one or two lines.
            let tailText = tail.map(\.text).joined()
            #expect(tailText == "line-298\nline-299\n" || tailText == "line-299\n")
            #expect(tail.allSatisfy { $0.stream == .stdout })
        }
    }

    @Test("logs of a TTY container come as one console stream")
    func logsTTY() async throws {
        try await TestDaemon.withScratch { client, label in
            let created = try await client.createContainer(
                name: nil, .init(config: labelled(label, cmd: ["/bin/sh", "-c", "echo tty-out"], tty: true)))
            try await client.startContainer(created.id)
            _ = try await client.waitContainer(created.id)
            let frames = try await client.logs(created.id)
            #expect(frames.allSatisfy { $0.stream == .console })
            #expect(frames.map(\.text).joined().contains("tty-out"))
        }
    }

    @Test("the events stream delivers the start of a container created after subscribing")
    func eventsStart() async throws {
        try await TestDaemon.withScratch { client, label in
            let events = try await client.events(filters: [
                "type": ["container"], "event": ["start"], "label": ["\(label.key)=\(label.value)"],
            ])
            let created = try await client.createContainer(name: nil, .init(config: labelled(label, cmd: ["/bin/busybox", "sleep", "30"])))
            try await client.startContainer(created.id)

            let first = try await withTimeout(.seconds(20)) {
                for try await event in events { return event }
                throw TestSetupError("event stream ended without an event")
            }
            #expect(first.action == "start")
            #expect(first.actor?.id == created.id)
            #expect(first.actor?.attributes?[label.key] == label.value)
        }
    }

    @Test("wait reports the exit code; kill stops a running container; kill of a stopped one is a 409")
    func waitAndKill() async throws {
        try await TestDaemon.withScratch { client, label in
            let exits = try await client.createContainer(name: nil, .init(config: labelled(label, cmd: ["/bin/sh", "-c", "exit 3"])))
            try await client.startContainer(exits.id)
            #expect(try await client.waitContainer(exits.id).statusCode == 3)

            let sleeper = try await client.createContainer(name: nil, .init(config: labelled(label, cmd: ["/bin/busybox", "sleep", "60"])))
            try await client.startContainer(sleeper.id)
            try await client.killContainer(sleeper.id)
            #expect(try await client.waitContainer(sleeper.id).statusCode == 137)
            do {
                try await client.killContainer(sleeper.id)
                Issue.record("kill of a stopped container accepted")
            } catch let error as EngineError {
                #expect(error.isConflict)
            }
        }
    }

    @Test("throughput: 100 inspect calls over the socket")
    func inspectThroughput() async throws {
        try await TestDaemon.withScratch { client, label in
            let created = try await client.createContainer(name: nil, .init(config: labelled(label, cmd: ["/bin/busybox", "true"])))
            let clock = ContinuousClock()

            let sequential = try await clock.measure {
                for _ in 0..<100 { _ = try await client.inspectContainer(created.id) }
            }
            let concurrent = try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<100 { group.addTask { _ = try await client.inspectContainer(created.id) } }
                    try await group.waitForAll()
                }
            }
            let configuration = try TestDaemon.configuration()
            let connect = try await clock.measure { _ = try await Engine.Client.connect(configuration) }
            print("plane-measure: connect+negotiate \(connect), 100 sequential inspects \(sequential), 100 concurrent inspects \(concurrent) via \(client.endpoint)")
            // Alone: ~0.25 s. Inside the whole suite on 2 cores each resumed await can wait for the
            // cooperative pool (seen: 10.5 s); a per-request connect or negotiation would take minutes.
            #expect(sequential < .seconds(30))
        }
    }
}
