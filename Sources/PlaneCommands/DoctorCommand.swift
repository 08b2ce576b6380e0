import ArgumentParser
import DockerEngine
import PlaneKit

/// `plane doctor`: checks, without changing anything, that every Engine endpoint plane needs is
/// reachable through whatever sits in front of the engine, and says what to change in the
/// socket-proxy for each one that is refused.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Probe (side-effect free) every Engine endpoint plane needs and explain refusals.")

    @OptionGroup(title: "Engine") var engine: EngineFlags

    func run() async throws {
        let configuration: TransportConfiguration
        do {
            configuration = try engine.configuration()
        } catch {
            ErrorReporter.report(error)
            throw PlaneExit.engineUnavailable
        }
        var out = "engine: \(configuration.endpoint) (from \(configuration.endpoint.source.rawValue))"
        if let auth = configuration.basicAuth { out += ", BasicAuth user \(auth.username)" }
        out += "\n"

        let client: Engine.Client
        do {
            client = try await Engine.Client.connect(configuration)
            let version = client.server?.version.map { "Docker \($0), " } ?? ""
            out += "\(version)API \(client.apiVersion) negotiated\n"
        } catch let error as EngineError {
            switch error.code {
            case .transport, .unsupportedVersion, .invalidConfiguration:
                ErrorReporter.writeStdout(out)
                ErrorReporter.report(error)
                throw PlaneExit.engineUnavailable
            default:
                // Negotiation itself was refused: probe every endpoint anyway to show them all.
                client = Engine.Client(configuration, apiVersion: .minimumSupported)
                out += "API version negotiation failed (\(error.kind)); probing at API \(APIVersion.minimumSupported)\n"
            }
        }

        let results = await EngineAccess.check(client)
        let width = results.map { $0.probe.method.count + 1 + $0.probe.route.count }.max() ?? 0
        for result in results {
            let route = "\(result.probe.method) \(result.probe.route)"
            let padded = route + String(repeating: " ", count: width - route.count)
            switch result.outcome {
            case .allowed:
                out += "ok       \(padded)  \(result.probe.purpose)\n"
            case .denied:
                out += "DENIED   \(padded)  \(result.probe.purpose)\n"
                out += "         fix: allow it in the socket-proxy. core/socket-proxy/haproxy.cfg (frontend docker_admin): \(result.probe.haproxyRule)\n"
                if let hint = result.error?.hint { out += "         other proxies: \(hint)\n" }
            case .unauthorized:
                out += "AUTH     \(padded)  \(result.error?.description ?? "credentials rejected")\n"
            case .failed:
                out += "FAILED   \(padded)  \(result.error?.description ?? "no answer")\n"
            }
        }
        let allowed = results.filter { $0.outcome == .allowed }.count
        let denied = results.filter { $0.outcome == .denied }.count
        out += "\(results.count) endpoints checked: \(allowed) allowed, \(denied) denied, \(results.count - allowed - denied) failed\n"
        ErrorReporter.writeStdout(out)
        if allowed != results.count { throw PlaneExit.engineUnavailable }
    }
}
