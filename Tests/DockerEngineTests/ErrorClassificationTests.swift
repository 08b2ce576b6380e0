import Foundation
import Synchronization
import Testing
@testable import DockerEngine

/// Every error class against real HTTP answers from the loopback fake engine.
@Suite("Error classification")
struct ErrorClassificationTests {
    /// Runs `body` and returns the EngineError it throws (recording an issue when it does not).
    func engineError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> EngineError? {
        do {
            try await body()
            Issue.record("expected an EngineError", sourceLocation: sourceLocation)
        } catch let error as EngineError {
            return error
        } catch {
            Issue.record("expected an EngineError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test("401 from a BasicAuth proxy is .unauthorized with a hint about the credentials file")
    func unauthorized() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let error = await engineError { _ = try await fake.client.info() }
        #expect(error?.code == .unauthorized)
        #expect(error?.description.contains("credentials file") == true)
    }

    @Test("403 HTML without Api-Version is .proxyDenied naming method, path and the setting")
    func proxyDenied403() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let error = await engineError { try await fake.client.removeVolume("x") }
        #expect(error?.code == .proxyDenied(method: "DELETE", path: "/volumes/x"))
        let text = error?.description ?? ""
        #expect(text.contains("DELETE /volumes/x"))
        #expect(text.contains("VOLUMES=1"))
        #expect(text.contains("POST=1"))
    }

    @Test("405 text/plain (wollomatic) is .proxyDenied too")
    func proxyDenied405() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let error = await engineError { _ = try await fake.client.listNetworks() }
        #expect(error?.code == .proxyDenied(method: "GET", path: "/networks"))
        #expect(error?.description.contains("-allowGET") == true)
    }

    @Test("404 JSON with Api-Version is .daemon(404) carrying the engine's message")
    func daemonNotFound() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let error = await engineError { _ = try await fake.client.inspectContainer("missing") }
        #expect(error?.code == .daemon(status: 404))
        #expect(error?.isNotFound == true)
        #expect(error?.description.contains("No such container: missing") == true)
    }

    @Test("403 JSON with Api-Version comes from the engine (20.10's duplicate network), not a proxy")
    func daemonForbidden() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let error = await engineError { _ = try await fake.client.createNetwork(.init(name: "dup")) }
        #expect(error?.code == .daemon(status: 403))
        #expect(error?.description.contains("already exists") == true)
    }

    @Test("502 HTML from a proxy is .unexpectedStatus, never .decoding")
    func unexpectedStatus() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let error = await engineError { _ = try await fake.client.inspectImage("gateway") }
        #expect(error?.code == .unexpectedStatus(status: 502))
        #expect(error?.description.contains("proxy") == true)
    }

    @Test("a 2xx body of the wrong shape is .decoding and names where")
    func decoding() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let error = await engineError { _ = try await fake.client.listContainers() }
        #expect(error?.code == .decoding)
        #expect(error?.description.contains("[0].Id") == true)
    }

    @Test("a mid-stream errorDetail under HTTP 200 is .stream, after the progress before it")
    func pullStreamError() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let seen = Mutex<[String]>([])
        let error = await engineError {
            try await fake.client.pullImage("127.0.0.1:5000/team/app:1.0") { line in
                seen.withLock { $0.append(line.status ?? "") }
            }
        }
        #expect(error?.code == .stream)
        #expect(error?.description.contains("manifest unknown") == true)
        #expect(seen.withLock { $0 } == ["Pulling from team/app", "Pulling fs layer", "Downloading"])
    }

    @Test("response headers are read without their line ends")
    func headers() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        #expect(try await fake.client.ping().apiVersion == "1.41")
    }

    @Test("304 on start is success: already started")
    func startNotModified() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        #expect(try await fake.client.startContainer("running") == false)
        #expect(try await fake.client.startContainer("fresh") == true)
    }

    @Test("events arrive one by one from a chunked stream")
    func events() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        var actions: [String] = []
        for try await event in try await fake.client.events(filters: ["type": ["container"]]) {
            actions.append(event.action ?? "")
        }
        #expect(actions == ["start", "die"])
    }

    @Test("dropping an event stream closes the connection to the engine")
    func droppedStreamCloses() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let client = fake.client
        func openStreams() async throws -> Int {
            let response = try await client.send(.get, "/_test/open-streams", versioned: false)
            return try JSONDecoder().decode([String: Int].self, from: response.body)["open"] ?? -1
        }
        do {
            let events = try await client.events(filters: ["hold": ["1"]])
            for try await event in events {
                #expect(event.actor?.id == "held")
                break
            }
            #expect(try await openStreams() == 1)
        }
        // The stream went out of scope: curl's progress callback aborts within about a second.
        let closed = try await waitUntil(timeout: .seconds(5)) { try await openStreams() == 0 }
        #expect(closed)
    }

    @Test("multiplexed logs split across chunks are reassembled")
    func logs() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let frames = try await fake.client.logs("muxed", options: .init(tty: false))
        #expect(frames.map(\.stream) == [.stdout, .stderr])
        #expect(frames.map(\.text) == ["out\n", "err\n"])
    }

    @Test("negotiation speaks min(server, 1.47) and prefixes every path")
    func negotiation() async throws {
        let fake = try await FakeEngine(apiVersion: "1.52", minimum: "1.44")
        defer { fake.stop() }
        let client = try await Engine.Client.connect(fake.configuration)
        #expect(client.apiVersion == APIVersion(1, 47))
        #expect(client.features.supportsMultipleNetworksAtCreate)
        #expect(client.server?.version == "fake")
        // The fake answers /v1.47/containers/missing/json like any version prefix.
        let error = await engineError { _ = try await client.inspectContainer("missing") }
        #expect(error?.isNotFound == true)
    }

    @Test("negotiation refuses an engine below 1.41")
    func negotiationTooOld() async throws {
        let fake = try await FakeEngine(apiVersion: "1.40", minimum: "1.12")
        defer { fake.stop() }
        let error = await engineError { _ = try await Engine.Client.connect(fake.configuration) }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.description.contains("1.41") == true)
    }

    @Test("a missing unix socket is .transport with curl's code and message")
    func missingSocket() async throws {
        let configuration = TransportConfiguration(endpoint: try EngineEndpoint(parsing: "unix:///nonexistent/plane.sock", source: .dockerHost))
        let error = await engineError { _ = try await Engine.Client.connect(configuration) }
        #expect(error?.code == .transport(curlCode: 7))
        #expect(error?.description.contains("unix:///nonexistent/plane.sock") == true)
        #expect(error?.description.contains("DOCKER_HOST") == true)
        #expect(error?.message.contains("Could") == true || error?.message.contains("connect") == true)
    }

    @Test("a refused TCP port is .transport")
    func refusedPort() async throws {
        let port = try freeLoopbackPort()
        let configuration = TransportConfiguration(endpoint: EngineEndpoint(scheme: .tcp, host: "127.0.0.1", port: port))
        let error = await engineError { _ = try await Engine.Client(configuration, apiVersion: .minimumSupported).ping() }
        #expect(error?.code == .transport(curlCode: 7))
    }

    @Test("a cancelled request ends promptly with CancellationError")
    func cancellation() async throws {
        // A port that accepts connections but never answers.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(listener, 4)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let client = Engine.Client(
            TransportConfiguration(endpoint: EngineEndpoint(scheme: .tcp, host: "127.0.0.1", port: port)),
            apiVersion: .minimumSupported)
        let task = Task { try await client.waitContainer("never") }
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        // A wait request that ignored cancellation would never end (no transfer limit on waits).
        // The bound is loose on purpose: with the whole suite in parallel on 2 cores, the resumed
        // task can wait seconds for a thread of the cooperative pool (seen: 9.4 s).
        #expect(clock.now - start < .seconds(30))
        #expect(throws: CancellationError.self) { try result.get() }
    }
}

/// `attachExec` writes its request itself on a CONNECT_ONLY connection and reads the head: the
/// same classification as every other request, and a dropped upgrade said at once.
@Suite("Exec attach against the fake engine")
struct ExecAttachClassificationTests {
    @Test("101: the bytes after the head are the first output; what is written comes back; the half-close ends it")
    func upgraded() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        let attachment = try await fake.client.attachExec("upgraded", tty: false)
        try await attachment.send(Array("ping\n".utf8))
        attachment.closeInput()
        var stdout = "", stderr = ""
        for try await frame in attachment.output {
            if frame.stream == .stderr { stderr += String(decoding: frame.payload, as: UTF8.self) } else { stdout += String(decoding: frame.payload, as: UTF8.self) }
        }
        #expect(stdout == "hello\nping\n" && stderr == "bye\n", "\(stdout) / \(stderr)")
    }

    @Test("a proxy's 403 is .proxyDenied, a chunked engine error is .daemon with its message, a 200 without upgrade is said at once")
    func refusals() async throws {
        let fake = try await FakeEngine()
        defer { fake.stop() }
        func failure(_ id: String) async -> EngineError? {
            do {
                _ = try await fake.client.attachExec(id, tty: false)
                Issue.record("attachExec(\(id)) did not fail")
            } catch let error as EngineError {
                return error
            } catch {
                Issue.record("expected an EngineError, got \(error)")
            }
            return nil
        }
        #expect(await failure("denied")?.code == .proxyDenied(method: "POST", path: "/exec/denied/start"))
        let failing = await failure("failing")
        #expect(failing?.code == .daemon(status: 500) && failing?.description.contains("OCI runtime exec failed") == true, "\(String(describing: failing))")
        let started = ContinuousClock.now
        let dropped = await failure("dropped")
        #expect(dropped?.code == .unexpectedStatus(status: 200))
        #expect(dropped?.description.contains("instead of 101 Switching Protocols") == true && dropped?.description.contains("haproxy/haproxy#2684") == true)
        #expect(ContinuousClock.now - started < .seconds(5), "the dropped upgrade waited for the stream to end")
    }
}
