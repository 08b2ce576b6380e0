import Foundation
import HTTPTransport
import PlaneKit

/// The HTTP side of `plane health`: one `CurlTransport` (the project's libcurl transport) per server a
/// check talks to, addressed by the base URLs of `x-plane.health`. Requests carry a per-request limit
/// (never beyond the run's deadline); failures without an HTTP answer are reported as text naming the
/// server, never with a credential.
final class HealthHTTP: Sendable {
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A failure without an answer: connection refused, timeout, TLS.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var server: String
        var reason: String
        var description: String { "\(server): \(reason)" }
    }

    let transport: CurlTransport
    let base: String

    /// - Parameters:
    ///   - base: `http(s)://host:port[/prefix]`, as `HealthConfiguration` checked it (no user info).
    ///   - verifyPeer: off for route probes: they prove routing and chains through the entrypoint, where a
    ///     certificate for the router's host name may be the local default (`sniStrict` still applies).
    init(base: String, basicAuth: BasicAuth? = nil, verifyPeer: Bool = true) throws(Failure) {
        // The host and port are read from the text: URLComponents' host getters (even percentEncodedHost)
        // run IDNA through ICU, whose pages were a measurable part of `plane health`'s peak RSS.
        guard let url = URLComponents(string: base), let scheme = url.scheme, let (host, port) = Self.authority(of: base) else {
            throw Failure(server: base, reason: "not a URL")
        }
        let tls = scheme == "https" ? TLSOptions(verifyPeer: verifyPeer) : nil
        let endpoint = HTTPEndpoint(scheme: scheme == "https" ? .https : .http, host: host,
                                    port: port ?? (scheme == "https" ? 443 : 80))
        self.base = base
        self.prefix = url.path == "/" ? "" : url.path
        transport = CurlTransport(HTTPTransportConfiguration(
            endpoint: endpoint, basicAuth: basicAuth, tls: tls, connectTimeout: .seconds(3), requestTimeout: .seconds(10),
            userAgent: HealthHTTP.userAgent))
    }

    private let prefix: String

    /// `host` and `port` of `scheme://host[:port][/...]` (`[v6]` without its brackets); nil without a host,
    /// with user info, or with a port that is not a number.
    static func authority(of base: String) -> (host: String, port: Int?)? {
        guard let start = base.range(of: "://")?.upperBound else { return nil }
        let authority = base[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = Substring(authority)
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                port = rest.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { return nil }
        guard let port else { return (String(host), nil) }
        guard let number = Int(port), (1...65535).contains(number) else { return nil }
        return (String(host), number)
    }

    /// CrowdSec's LAPI refuses a watcher login whose User-Agent is not `name/version`.
    static let userAgent = CrowdSecProbe.userAgent

    func send(_ method: String, _ target: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
              hostName: String? = nil, limit: Duration = .seconds(10)) async throws -> Answer {
        let request = HTTPRequest(method: method, target: prefix + target, headers: headers, body: body,
                                  timeout: .limit(limit), hostName: hostName)
        do {
            let response = try await transport.send(request)
            return Answer(status: response.status, headers: response.headers, body: response.body)
        } catch let error as TransportError {
            throw Failure(server: base, reason: Self.meaning(error.kind) + (error.message.isEmpty ? "" : " (\(error.message))"))
        }
    }

    static func meaning(_ kind: TransportError.Kind) -> String {
        switch kind {
        case .couldNotConnect: "connection refused: nothing listens there"
        case .couldNotResolve: "the host name does not resolve"
        case .timedOut: "no answer within the time limit"
        case .emptyReply: "the server closed the connection without an answer"
        case .tls: "TLS handshake failed"
        case .connectionBroken: "the connection broke"
        case .unavailable: "libcurl is unavailable"
        case .other: "request failed"
        }
    }

    func get(_ target: String, headers: [(name: String, value: String)] = [], hostName: String? = nil,
             limit: Duration = .seconds(10)) async throws -> Answer {
        try await send("GET", target, headers: headers, hostName: hostName, limit: limit)
    }
}

/// Why a step did not get an answer, in one line.
func describe(_ error: any Error) -> String {
    if error is CancellationError { return "stopped: the --timeout deadline passed or the run was interrupted" }
    return "\(error)"
}
