#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTransport

/// Turns a non-2xx answer into the right `EngineError` class.
///
/// The engine marks every answer with an `Api-Version` header and reports errors as JSON
/// `{"message": ...}`. Anything else came from something in front of it: a BasicAuth proxy (401)
/// or a socket proxy (403/405 with HAProxy's HTML page or wollomatic's text/plain).
enum ResponseClassifier {
    struct DaemonMessage: Decodable {
        let message: String
    }

    /// - Parameters:
    ///   - method: the HTTP method sent.
    ///   - path: the unversioned path without query (`/volumes/x`), as people and proxies name it.
    static func error(for response: HTTPResponse, method: String, path: String, endpoint: EngineEndpoint) -> EngineError {
        let status = response.status
        let fromEngine = response.headers["Api-Version"] != nil
        let daemonMessage = try? JSONDecoder().decode(DaemonMessage.self, from: response.body)
        let request = "\(method) \(path)"

        if status == 401 && !(fromEngine && daemonMessage != nil) {
            return EngineError(
                .unauthorized,
                "\(endpoint) rejected plane's credentials for \(request) (HTTP 401)",
                hint: "check the BasicAuth credentials file (or variable) plane was given against the proxy's user list",
                request: request)
        }
        if (status == 403 || status == 405) && (!fromEngine || daemonMessage == nil) {
            return EngineError(
                .proxyDenied(method: method, path: path),
                "the socket proxy at \(endpoint) refused \(request) (HTTP \(status))",
                hint: SocketProxySetting.hint(method: method, path: path, status: status),
                request: request)
        }
        if let daemonMessage {
            return EngineError(
                .daemon(status: status), "the engine refused \(request): \(daemonMessage.message) (HTTP \(status))",
                hint: daemonHint(status: status), request: request)
        }
        return EngineError(
            .unexpectedStatus(status: status),
            "\(endpoint) answered \(request) with HTTP \(status), not an Engine API response"
                + (fromEngine ? "" : " (no Api-Version header: something in front of the engine answered)"),
            hint: status == 502 || status == 503 || status == 504
                ? "the proxy in front of the engine cannot reach it; is dockerd running behind the proxy?"
                : nil,
            request: request)
    }

    private static func daemonHint(status: Int) -> String? {
        switch status {
        case 400: "the engine rejected a parameter; see the message"
        default: nil
        }
    }
}

/// The setting of common Docker socket proxies that governs a method and path.
enum SocketProxySetting {
    /// Tecnativa / linuxserver docker-socket-proxy section variables, by first path segment.
    static let sectionVariables: [String: String] = [
        "_ping": "PING", "auth": "AUTH", "build": "BUILD", "commit": "COMMIT", "configs": "CONFIGS",
        "containers": "CONTAINERS", "distribution": "DISTRIBUTION", "events": "EVENTS", "exec": "EXEC",
        "grpc": "GRPC", "images": "IMAGES", "info": "INFO", "networks": "NETWORKS", "nodes": "NODES",
        "plugins": "PLUGINS", "secrets": "SECRETS", "services": "SERVICES", "session": "SESSION",
        "swarm": "SWARM", "system": "SYSTEM", "tasks": "TASKS", "version": "VERSION", "volumes": "VOLUMES",
    ]

    /// The section variable for a path such as `/volumes/x` or `/v1.41/volumes/x`.
    static func variable(forPath path: String) -> String? {
        var segments = path.split(separator: "/")
        if let first = segments.first, first.hasPrefix("v"), APIVersion(String(first.dropFirst())) != nil {
            segments.removeFirst()
        }
        return segments.first.flatMap { sectionVariables[String($0)] }
    }

    static func hint(method: String, path: String, status: Int) -> String {
        let section = variable(forPath: path)
        let isRead = method == "GET" || method == "HEAD"
        var settings: [String] = []
        if let section { settings.append("\(section)=1") }
        if !isRead {
            let segments = path.split(separator: "/")
            if segments.first == "containers", let action = segments.last,
                ["start", "stop", "restart"].contains(String(action)) {
                let variable = action == "restart" ? "ALLOW_RESTARTS" : "ALLOW_\(action.uppercased())"
                settings.append("POST=1 (or \(variable)=1 on linuxserver's proxy)")
            } else {
                settings.append("POST=1")
            }
        }
        let wanted = settings.isEmpty ? "allow this path" : "set " + settings.joined(separator: " and ")
        let wollomatic = "-allow\(method)" + (status == 405 ? " (HTTP 405: the method itself is not allowed)" : "")
        return "\(wanted) on the socket proxy (Tecnativa/linuxserver docker-socket-proxy), "
            + "or add \(path) to \(wollomatic) for wollomatic's socket-proxy"
    }
}
