import Testing
@testable import DockerEngine

@Suite("Endpoint resolution")
struct EndpointResolutionTests {
    @Test("--host wins over PLANE_DOCKER_HOST and DOCKER_HOST")
    func flagFirst() throws {
        let endpoint = try EngineEndpoint.resolve(
            flag: "unix:///run/flag.sock",
            environment: ["PLANE_DOCKER_HOST": "unix:///run/plane.sock", "DOCKER_HOST": "unix:///run/docker.sock"])
        #expect(endpoint == EngineEndpoint(scheme: .unix, host: "/run/flag.sock", source: .flag))
    }

    @Test("PLANE_DOCKER_HOST before DOCKER_HOST")
    func planeVariableSecond() throws {
        let endpoint = try EngineEndpoint.resolve(
            flag: nil, environment: ["PLANE_DOCKER_HOST": "tcp://127.0.0.1:2375", "DOCKER_HOST": "unix:///run/docker.sock"])
        #expect(endpoint.scheme == .tcp)
        #expect(endpoint.port == 2375)
        #expect(endpoint.source == .planeDockerHost)
    }

    @Test("DOCKER_HOST third; empty values count as unset")
    func dockerHostThird() throws {
        let endpoint = try EngineEndpoint.resolve(
            flag: "", environment: ["PLANE_DOCKER_HOST": "  ", "DOCKER_HOST": "https://engine.example:2376"])
        #expect(endpoint.scheme == .https)
        #expect(endpoint.host == "engine.example")
        #expect(endpoint.source == .dockerHost)
    }

    @Test("default is /var/run/docker.sock")
    func builtInDefault() throws {
        let endpoint = try EngineEndpoint.resolve(flag: nil, environment: [:])
        #expect(endpoint.description == "unix:///var/run/docker.sock")
        #expect(endpoint.source == .builtInDefault)
    }

    @Test("URL forms", arguments: [
        ("http://proxy.local", "http://proxy.local:80"),
        ("https://proxy.local/", "https://proxy.local:443"),
        ("tcp://[::1]:2375", "tcp://[::1]:2375"),
        ("TCP://10.0.0.5:2376", "tcp://10.0.0.5:2376"),
    ])
    func forms(input: String, expected: String) throws {
        #expect(try EngineEndpoint(parsing: input).description == expected)
    }

    @Test("curl base URL: placeholder host for unix sockets, https for tcp with TLS")
    func baseURL() throws {
        #expect(try EngineEndpoint(parsing: "unix:///x.sock").baseURL(tls: nil) == "http://localhost")
        let tcp = try EngineEndpoint(parsing: "tcp://h:2376")
        #expect(tcp.baseURL(tls: nil) == "http://h:2376")
        #expect(tcp.baseURL(tls: TLSOptions(caCertificatePath: "/ca.pem")) == "https://h:2376")
        #expect(try EngineEndpoint(parsing: "tcp://[::1]:2375").baseURL(tls: nil) == "http://[::1]:2375")
    }

    @Test("refused forms say what to write instead", arguments: [
        "/var/run/docker.sock", "ssh://me@host", "unix://relative.sock", "tcp://host", "tcp://host:99999",
        "http://host:80/base", "npipe:////./pipe/docker_engine",
    ])
    func refused(input: String) {
        #expect(throws: EngineError.self) { try EngineEndpoint(parsing: input) }
        do {
            _ = try EngineEndpoint(parsing: input)
        } catch {
            #expect(error.code == .invalidConfiguration)
        }
    }

    @Test("credentials in the host are refused without being echoed")
    func credentialsInHost() {
        do {
            _ = try EngineEndpoint(parsing: "https://plane:hunter2-secret@proxy.local:443", source: .dockerHost)
            Issue.record("accepted credentials in the host")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(!error.description.contains("hunter2-secret"))
            #expect(!error.debugDescription.contains("hunter2-secret"))
            #expect(error.description.contains("DOCKER_HOST"))
        }
    }
}
