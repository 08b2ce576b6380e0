import ArgumentParser
import DockerEngine
import Foundation
import PlaneKit

/// `plane doctor`: checks, without changing anything, that every Engine endpoint plane needs is
/// reachable through whatever sits in front of the engine, and says what to change in the
/// socket-proxy for each one that is refused.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Probe (side-effect free) every Engine endpoint plane needs and explain refusals.",
        discussion: "Exit codes: 0 every endpoint allowed; 3 the engine is unreachable or an endpoint is refused.")

    @OptionGroup(title: "Engine") var engine: EngineFlags
    @Option(help: "text (default), or json: one versioned document (docs/JSON.md).") var format: ProgressFormat = .text

    /// What the doctor found: the text and the JSON document are two views of it.
    struct Report {
        var endpoint: String?
        var source: String?
        var basicAuthUser: String?
        var serverVersion: String?
        var apiVersion: String?
        var negotiated = false
        var results: [AccessResult] = []
    }

    func run() async throws {
        var report = Report()
        let errors = ErrorEvents()
        var exit = ExitCode.success
        do {
            try await ErrorReporter.withSink(format == .json ? errors.sink : nil) { try await probe(&report) }
        } catch let code as ExitCode {
            exit = code
        }
        if format == .json {
            ErrorReporter.writeStdout(DoctorView.json(report, errors: errors.all, exitCode: exit.rawValue))
        }
        if exit != .success { throw exit }
    }

    /// Fills `report` (writing the text view as it goes) and exits 3 when something is not allowed.
    func probe(_ report: inout Report) async throws {
        let text = format == .text
        let configuration: TransportConfiguration
        do {
            configuration = try engine.configuration()
        } catch {
            ErrorReporter.report(error)
            throw PlaneExit.engineUnavailable
        }
        report.endpoint = configuration.endpoint.description
        report.source = configuration.endpoint.source.rawValue
        report.basicAuthUser = configuration.basicAuth?.username
        var out = "engine: \(configuration.endpoint) (from \(configuration.endpoint.source.rawValue))"
        if let auth = configuration.basicAuth { out += ", BasicAuth user \(auth.username)" }
        out += "\n"

        let client: Engine.Client
        do {
            client = try await Engine.Client.connect(configuration)
            report.serverVersion = client.server?.version
            report.apiVersion = "\(client.apiVersion)"
            report.negotiated = true
            let version = client.server?.version.map { "Docker \($0), " } ?? ""
            out += "\(version)API \(client.apiVersion) negotiated\n"
        } catch let error as EngineError {
            switch error.code {
            case .transport, .unsupportedVersion, .invalidConfiguration:
                if text { ErrorReporter.writeStdout(out) }
                ErrorReporter.report(error)
                throw PlaneExit.engineUnavailable
            default:
                // Negotiation itself was refused: probe every endpoint anyway to show them all.
                client = Engine.Client(configuration, apiVersion: .minimumSupported)
                report.apiVersion = "\(APIVersion.minimumSupported)"
                out += "API version negotiation failed (\(error.kind)); probing at API \(APIVersion.minimumSupported)\n"
            }
        }

        let results = await EngineAccess.check(client)
        report.results = results
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
        if text { ErrorReporter.writeStdout(out) }
        if allowed != results.count { throw PlaneExit.engineUnavailable }
    }
}

/// `plane doctor --format json`: one versioned document (docs/JSON.md). No credential: the
/// BasicAuth user name only, as the text shows it.
enum DoctorView {
    static let formatVersion = 1

    struct Document: Encodable {
        var version: Int
        var engine: EngineInfo
        var probes: [Probe]
        var summary: Summary
        /// ok (every endpoint allowed), refused (some endpoint is not), engine-unavailable (no engine to probe).
        var outcome: String
        var exitCode: Int32
        var errors: [ErrorEvent.Entry]
    }

    struct EngineInfo: Encodable {
        var endpoint: String?
        /// --host, PLANE_DOCKER_HOST, DOCKER_HOST, the docker context, default.
        var source: String?
        var basicAuthUser: String?
        var serverVersion: String?
        var apiVersion: String?
        /// false: negotiation was refused and the probes ran at the minimum supported API version.
        var negotiated: Bool
    }

    struct Probe: Encodable {
        var call: String
        var method: String
        var route: String
        var purpose: String
        /// allowed, denied, unauthorized, failed.
        var status: String
        /// Why it is not allowed (absent when allowed).
        var cause: Cause?
        /// The haproxy rule to add (denied only).
        var fix: String?
        /// The same for other socket proxies (denied only, when known).
        var hint: String?
    }

    struct Cause: Encodable {
        /// The engine error's kind: proxy-denied, unauthorized, transport, unexpected-status, ...
        var code: String
        var message: String
    }

    struct Summary: Encodable {
        var checked: Int
        var allowed: Int
        var denied: Int
        var failed: Int
    }

    static func json(_ report: DoctorCommand.Report, errors: [ErrorEvent], exitCode: Int32) -> String {
        let probes = report.results.map { result in
            let status: String
            switch result.outcome {
            case .allowed: status = "allowed"
            case .denied: status = "denied"
            case .unauthorized: status = "unauthorized"
            case .failed: status = "failed"
            }
            let allowed = result.outcome == .allowed
            return Probe(call: result.probe.call.rawValue, method: result.probe.method, route: result.probe.route, purpose: result.probe.purpose,
                         status: status, cause: allowed ? nil : result.error.map { Cause(code: $0.kind, message: $0.description) },
                         fix: result.outcome == .denied ? result.probe.haproxyRule : nil,
                         hint: result.outcome == .denied ? result.error?.hint : nil)
        }
        let allowed = probes.filter { $0.status == "allowed" }.count
        let denied = probes.filter { $0.status == "denied" }.count
        let outcome = report.results.isEmpty ? "engine-unavailable" : allowed == probes.count ? "ok" : "refused"
        let document = Document(
            version: formatVersion,
            engine: EngineInfo(endpoint: report.endpoint, source: report.source, basicAuthUser: report.basicAuthUser,
                               serverVersion: report.serverVersion, apiVersion: report.apiVersion, negotiated: report.negotiated),
            probes: probes, summary: Summary(checked: probes.count, allowed: allowed, denied: denied, failed: probes.count - allowed - denied),
            outcome: outcome, exitCode: exitCode, errors: errors.map(\.entry))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
