#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTransport

/// The start of a streaming exchange with the engine: a 2xx head with its body still arriving,
/// or (any other status) the whole response, buffered for classification.
enum StreamOpening: Sendable {
    case streaming(HTTPResponseHead, EngineStream<Data>)
    case complete(HTTPResponse)
}

/// How the client reaches the engine. `CurlEngineTransport` is the real one; tests may substitute.
protocol EngineTransport: Sendable {
    var endpoint: EngineEndpoint { get }
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
    func openStream(_ request: HTTPRequest) async throws -> StreamOpening
    /// Sends `request` asking the engine to take the connection over (`Upgrade: tcp`).
    func upgrade(_ request: HTTPRequest) async throws -> HTTPUpgradeOpening
}

/// The HTTPTransport libcurl client, saying what its failures mean for the engine:
/// `TransportError` becomes `EngineError.transport` with the DOCKER_HOST hints.
final class CurlEngineTransport: EngineTransport {
    let endpoint: EngineEndpoint
    private let http: CurlTransport

    init(_ configuration: TransportConfiguration) {
        endpoint = configuration.endpoint
        http = CurlTransport(configuration.http)
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await http.send(request)
        } catch let failure as TransportError {
            throw engineError(failure, request: request)
        }
    }

    func openStream(_ request: HTTPRequest) async throws -> StreamOpening {
        do {
            switch try await http.openStream(request) {
            case .streaming(let head, let body, let stop): return .streaming(head, EngineStream(body, onRelease: stop))
            case .complete(let response): return .complete(response)
            }
        } catch let failure as TransportError {
            throw engineError(failure, request: request)
        }
    }

    func upgrade(_ request: HTTPRequest) async throws -> HTTPUpgradeOpening {
        do {
            return try await http.upgrade(request, to: "tcp")
        } catch let failure as TransportError {
            throw engineError(failure, request: request)
        }
    }

    private func engineError(_ failure: TransportError, request: HTTPRequest) -> EngineError {
        let origin = endpoint.source == .builtInDefault ? "the default host" : "from \(endpoint.source.rawValue)"
        return EngineError(
            .transport(curlCode: failure.curlCode), "cannot reach the Docker engine at \(endpoint) (\(origin)): \(failure.message)",
            hint: Self.hint(for: failure, endpoint: endpoint), request: "\(request.method) \(request.target)", cause: failure)
    }

    static func hint(for failure: TransportError, endpoint: EngineEndpoint) -> String? {
        switch failure.kind {
        case .couldNotConnect:
            if endpoint.scheme == .unix {
                // curl says only "Couldn't connect": ask the file system why (EACCES, ENOENT).
                if failure.message.contains("Permission denied") || (access(endpoint.host, R_OK | W_OK) != 0 && errno == EACCES) {
                    return "permission denied: this user may not open \(endpoint.host): run as a member of the docker group (or root), or go through a socket proxy"
                }
                if access(endpoint.host, F_OK) != 0 && errno == ENOENT {
                    return "there is no socket at \(endpoint.host): is dockerd running, and is this its socket? set --host, PLANE_DOCKER_HOST or DOCKER_HOST"
                }
                return "is dockerd running, and is \(endpoint.host) its socket? set --host, PLANE_DOCKER_HOST or DOCKER_HOST"
            }
            return "is the engine (or its proxy) listening on \(endpoint.host):\(endpoint.port ?? 0)? set --host, PLANE_DOCKER_HOST or DOCKER_HOST"
        case .couldNotResolve:
            return "the host name \(endpoint.host) does not resolve; check --host, PLANE_DOCKER_HOST or DOCKER_HOST"
        case .timedOut:
            return "no answer within the time limit (\(failure.timeLimit ?? .zero)); is the engine overloaded or the address firewalled?"
        case .emptyReply:
            return "the server closed the connection without an HTTP answer; a TLS port addressed without TLS options?"
        case .tls:
            return "TLS failed: check the CA, client certificate and key files given to plane"
        case .connectionBroken:
            return "the connection broke mid-request; is the engine restarting?"
        case .unavailable, .other:
            return nil
        }
    }
}
