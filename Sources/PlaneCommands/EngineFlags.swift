import ArgumentParser
import DockerEngine
import PlaneKit

/// Where the Docker engine is and how to authenticate: `--host`, then PLANE_DOCKER_HOST,
/// DOCKER_HOST, the default socket; BasicAuth from `--auth-file` or PLANE_DOCKER_AUTH_FILE
/// (a file holding `user:password`: a password never travels in argv).
struct EngineFlags: ParsableArguments {
    @Option(name: [.customShort("H"), .customLong("host")],
            help: "Engine endpoint: unix:///path, tcp://host:port, http(s)://host:port (else PLANE_DOCKER_HOST, DOCKER_HOST, the docker context, unix:///var/run/docker.sock).")
    var host: String?

    @Option(name: .customLong("auth-file"),
            help: "File holding `user:password` for a BasicAuth socket proxy (else PLANE_DOCKER_AUTH_FILE).")
    var authFile: String?

    /// Run by the argument parser before the command's `run()`: every command that has engine
    /// flags will talk to the engine, so libcurl starts loading now, on another thread, while the
    /// command loads its project (docs/PERFORMANCE.md: 20-40 ms of a `ps` or `drift` otherwise).
    func validate() throws {
        Engine.prepareTransport()
    }

    func configuration(environment: [String: String] = Environment.current) throws(EngineError) -> TransportConfiguration {
        var endpoint = try EngineEndpoint.resolve(flag: host, environment: environment)
        if endpoint.source == .builtInDefault {
            // Nothing named the engine: the docker CLI's current context, as compose honours it.
            let context: (name: String, host: String)?
            do {
                context = try DockerContext.currentHost(environment: environment)
            } catch {
                throw EngineError(.invalidConfiguration, error.description, hint: error.hint)
            }
            if let context { endpoint = try EngineEndpoint(parsing: context.host, source: .dockerContext) }
        }
        let file = authFile ?? environment["PLANE_DOCKER_AUTH_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let auth = try file.map { path throws(EngineError) in try BasicAuth.read(fromFile: path) }
        return TransportConfiguration(endpoint: endpoint, basicAuth: auth)
    }

    /// Connects (negotiating the API version; `quickly`: from `/_ping` alone) or reports why not
    /// and exits 3. The client sends the docker CLI's registry logins with its pulls and
    /// distribution inspects (`DockerCredentials`: read at the first such request, not before).
    func connect(quickly: Bool = true) async throws -> Engine.Client {
        do {
            let configuration = try configuration()
            let client = quickly ? try await Engine.Client.connectQuickly(configuration) : try await Engine.Client.connect(configuration)
            return client.sendingRegistryLogins(from: Self.registryLogins())
        } catch let error as EngineError {
            ErrorReporter.report(error)
            throw PlaneExit.engineUnavailable
        }
    }

    /// The registry logins of this process's run: the docker CLI's, as docker compose sends them.
    static func registryLogins(environment: [String: String] = Environment.current) -> DockerCredentials {
        DockerCredentials(environment: environment)
    }
}
