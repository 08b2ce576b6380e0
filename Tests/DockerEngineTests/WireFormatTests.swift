import Foundation
import Testing
@testable import DockerEngine
import HTTPTransport

@Suite("Wire formats and stream framing")
struct WireFormatTests {
    @Test("line splitter reassembles lines across chunks and keeps a last unterminated line")
    func lines() {
        var splitter = LineSplitter()
        #expect(splitter.feed(Data("{\"a\":1}\n{\"b\"".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}"])
        #expect(splitter.feed(Data(":2}\r\n\n".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["{\"b\":2}\r"])
        #expect(splitter.feed(Data("{\"c\":3}".utf8)).isEmpty)
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "{\"c\":3}")
    }

    @Test("demultiplexer handles frames split at every byte")
    func demux() throws {
        let stream = Data([1, 0, 0, 0, 0, 0, 0, 3]) + Data("ab\n".utf8) + Data([2, 0, 0, 0, 0, 0, 0, 0])
            + Data([2, 0, 0, 0, 0, 0, 1, 0]) + Data(repeating: 0x41, count: 256)
        var demultiplexer = LogDemultiplexer()
        var frames: [Engine.LogFrame] = []
        for byte in stream { frames += try demultiplexer.feed(Data([byte])) }
        #expect(frames.count == 3)
        #expect(frames[0] == Engine.LogFrame(stream: .stdout, payload: Data("ab\n".utf8)))
        #expect(frames[1].payload.isEmpty)
        #expect(frames[2].stream == .stderr && frames[2].payload.count == 256)
        #expect(demultiplexer.leftoverByteCount == 0)
    }

    @Test("demultiplexer refuses a stream that is not multiplexed (a TTY container's)")
    func demuxRaw() {
        var demultiplexer = LogDemultiplexer()
        #expect(throws: LogDemultiplexer.Failure.invalidHeader(offset: 0)) {
            try demultiplexer.feed(Data("hello world\n".utf8))
        }
    }

    @Test("a whole body is told multiplexed or raw (API < 1.42 logs, no inspect): only an exact sequence of well-formed frames is multiplexed")
    func wholeFrames() {
        let muxed = Data([1, 0, 0, 0, 0, 0, 0, 3]) + Data("ab\n".utf8) + Data([2, 0, 0, 0, 0, 0, 0, 2]) + Data("e\n".utf8)
        #expect(LogDemultiplexer.wholeFrames(of: muxed) == [
            Engine.LogFrame(stream: .stdout, payload: Data("ab\n".utf8)), Engine.LogFrame(stream: .stderr, payload: Data("e\n".utf8)),
        ])
        #expect(LogDemultiplexer.wholeFrames(of: Data()) == [])
        // raw TTY output: text, a stream byte alone, a header with non-zero padding, a length past the
        // end, a body ending inside a header
        #expect(LogDemultiplexer.wholeFrames(of: Data("hello world\n".utf8)) == nil)
        #expect(LogDemultiplexer.wholeFrames(of: Data([1]) + Data("bc\n".utf8)) == nil)
        #expect(LogDemultiplexer.wholeFrames(of: Data([1, 0, 32, 0, 0, 0, 0, 1]) + Data("x".utf8)) == nil)
        #expect(LogDemultiplexer.wholeFrames(of: Data([1, 0, 0, 0, 0, 0, 0, 9]) + Data("short".utf8)) == nil)
        #expect(LogDemultiplexer.wholeFrames(of: muxed + Data([1, 0, 0])) == nil)
    }

    @Test("image references always get a tag", arguments: [
        ("busybox", "busybox", "latest"),
        ("local/busybox:1", "local/busybox", "1"),
        ("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app", "latest"),
        ("127.0.0.1:5000/team/app:1.0", "127.0.0.1:5000/team/app", "1.0"),
        ("app@sha256:abc", "app", "sha256:abc"),
    ])
    func references(text: String, repository: String, tag: String) {
        let reference = Engine.ImageReference(parsing: text)
        #expect(reference.repository == repository)
        #expect(reference.tag == tag)
    }

    @Test("filters encode as a sorted JSON object of lists")
    func filters() {
        let filters = Engine.Filters.label("dev.plane.project", "web").adding("status", "running")
        #expect(filters.queryValue == #"{"label":["dev.plane.project=web"],"status":["running"]}"#)
        #expect(Engine.Filters().queryValue == nil)
    }

    @Test("create body: config at the top level, PascalCase keys, nanosecond durations, no nulls")
    func createBody() throws {
        var config = Engine.ContainerConfig(image: "local/busybox:1", cmd: ["httpd", "-f"], labels: ["a": "b"])
        config.env = ["K=v"]
        config.entrypoint = ["/bin/busybox"]
        config.healthcheck = Engine.HealthConfig(test: ["CMD", "/bin/busybox", "true"], interval: .seconds(1), retries: 3)
        var host = Engine.HostConfig()
        host.readonlyRootfs = true
        host.capDrop = ["ALL"]
        host.securityOpt = ["no-new-privileges"]
        host.tmpfs = ["/tmp": "size=1m"]
        host.ulimits = [Engine.Ulimit(name: "nofile", soft: 1024, hard: 2048)]
        host.portBindings = ["8080/tcp": [Engine.PortBinding(hostIP: "127.0.0.1", hostPort: "18080")]]
        host.restartPolicy = Engine.RestartPolicy(name: "unless-stopped")
        host.mounts = [Engine.Mount(type: "volume", source: "data", target: "/data")]
        let request = Engine.ContainerCreateRequest(
            config: config, hostConfig: host, networkingConfig: .network("web", aliases: ["api"]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(request), as: UTF8.self)
        #expect(json.contains(#""Image":"local\/busybox:1""#))
        #expect(json.contains(#""Healthcheck":{"Interval":1000000000,"Retries":3,"Test":["CMD","\/bin\/busybox","true"]}"#))
        #expect(json.contains(#""HostConfig":{"CapDrop":["ALL"]"#))
        #expect(json.contains(#""PortBindings":{"8080\/tcp":[{"HostIp":"127.0.0.1","HostPort":"18080"}]}"#))
        #expect(json.contains(#""NetworkingConfig":{"EndpointsConfig":{"web":{"Aliases":["api"]}}}"#))
        #expect(!json.contains("null"))
    }

    @Test("network create always sends CheckDuplicate")
    func networkCreate() throws {
        let json = String(decoding: try JSONEncoder().encode(Engine.NetworkCreateRequest(name: "n", labels: ["k": "v"])), as: UTF8.self)
        #expect(json.contains(#""CheckDuplicate":true"#))
    }

    @Test("X-Registry-Auth is base64url JSON and RegistryAuth never prints its password")
    func registryAuth() throws {
        let auth = Engine.RegistryAuth(username: "u", password: "pw?>>", serverAddress: "127.0.0.1:5000")
        let header = Engine.Client.base64URL(try JSONEncoder().encode(auth))
        #expect(!header.contains("+") && !header.contains("/"))
        #expect(!"\(auth)".contains("pw?>>"))
    }

    @Test("X-Registry-Auth JSON carries only what the login has (identitytoken instead of a password); a registry's refusal names it and docker login")
    func registryAuthFields() throws {
        let token = Engine.RegistryAuth(identityToken: "tok-SECRET", serverAddress: "ghcr.io")
        #expect(try JSONDecoder().decode([String: String].self, from: JSONEncoder().encode(token)) == ["identitytoken": "tok-SECRET", "serveraddress": "ghcr.io"])
        #expect(!"\(token)".contains("tok-SECRET") && "\(token)".contains("identity token: <redacted>"))
        #expect(Engine.RegistryAuth(serverAddress: "x").isEmpty)

        let refused = EngineError(.daemon(status: 500), #"the engine refused GET /distribution/x/json: Head "http://127.0.0.1:5000/v2/x/manifests/1": no basic auth credentials (HTTP 500)"#)
        let anonymous = RegistryRefusal.explained(refused, registry: "127.0.0.1:5000", sentLogin: false)
        #expect(anonymous.hint?.contains("`docker login 127.0.0.1:5000`") == true && anonymous.hint?.contains("found none") == true)
        let sent = RegistryRefusal.explained(EngineError(.daemon(status: 401), "unauthorized: authentication required"), registry: "docker.io", sentLogin: true)
        #expect(sent.hint?.contains("refused the login plane sent") == true && sent.hint?.contains("`docker login` (Docker Hub)") == true)
        let other = EngineError(.daemon(status: 404), "manifest unknown", hint: "kept")
        #expect(RegistryRefusal.explained(other, registry: "ghcr.io", sentLogin: false).hint == "kept", "other errors keep their own hint")
    }

    @Test("proxy setting hints follow the section and method")
    func proxySettings() {
        #expect(SocketProxySetting.variable(forPath: "/v1.41/containers/x/json") == "CONTAINERS")
        #expect(SocketProxySetting.variable(forPath: "/_ping") == "PING")
        #expect(SocketProxySetting.hint(method: "GET", path: "/events", status: 403).contains("EVENTS=1"))
        #expect(SocketProxySetting.hint(method: "POST", path: "/containers/x/start", status: 403).contains("ALLOW_START=1"))
    }

    @Test("401 from the engine itself (registry auth, JSON with Api-Version) is .daemon")
    func engine401() {
        let response = HTTPResponse(
            head: HTTPResponseHead(status: 401, headers: HTTPTransport.HTTPHeaders([("Api-Version", "1.41")])),
            body: Data(#"{"message":"unauthorized: authentication required"}"#.utf8))
        let error = ResponseClassifier.error(for: response, method: "POST", path: "/images/create", endpoint: EngineEndpoint(scheme: .unix, host: "/x"))
        #expect(error.code == .daemon(status: 401))
    }

    @Test("403 with Api-Version but an HTML body is still a proxy")
    func htmlWithHeader() {
        let response = HTTPResponse(
            head: HTTPResponseHead(status: 403, headers: HTTPTransport.HTTPHeaders([("Api-Version", "1.41")])),
            body: Data("<html>403 Forbidden</html>".utf8))
        let error = ResponseClassifier.error(for: response, method: "GET", path: "/info", endpoint: EngineEndpoint(scheme: .unix, host: "/x"))
        #expect(error.code == .proxyDenied(method: "GET", path: "/info"))
    }
}
