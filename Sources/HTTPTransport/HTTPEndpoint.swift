/// Where an HTTP server is reached: a unix socket, or a host and port over HTTP or HTTPS.
/// `tcp://` is HTTP, or HTTPS when TLS options are given (the Docker CLI's convention).
/// Parsing the settings that name one (with their own messages) is the caller's business.
public struct HTTPEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Equatable {
        case unix, tcp, http, https
    }

    public var scheme: Scheme
    /// The socket path for `.unix`; the host name or address otherwise (IPv6 without brackets).
    public var host: String
    /// Nil for `.unix`.
    public var port: Int?

    public init(scheme: Scheme, host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Whether requests go over TLS: `https://`, or `tcp://` with TLS options.
    public func usesTLS(with tls: TLSOptions?) -> Bool {
        switch scheme {
        case .https: true
        case .tcp: tls != nil
        case .unix, .http: false
        }
    }

    /// The URL prefix curl is given; for a unix socket the host part is `localhost` (or the
    /// request's host name).
    package func baseURL(tls: TLSOptions?, hostName: String? = nil) -> String {
        guard scheme != .unix else { return "http://\(hostName ?? "localhost")" }
        let scheme = usesTLS(with: tls) ? "https" : "http"
        return "\(scheme)://\(Self.bracketed(hostName ?? host)):\(port ?? 80)"
    }

    /// The endpoint as a person would type it.
    public var description: String {
        switch scheme {
        case .unix: "unix://\(host)"
        case .tcp, .http, .https: "\(scheme.rawValue)://\(Self.bracketed(host))" + (port.map { ":\($0)" } ?? "")
        }
    }

    static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
}
