import HTTPTransport

/// Where the Engine API is reached, and which setting said so.
///
/// Accepted forms: `unix:///path/to/docker.sock`, `tcp://host:port` (HTTP, or HTTPS when TLS
/// options are given), `http://host[:port]`, `https://host[:port]`. Credentials never travel in
/// the host string (it may come from argv, which other users can read in /proc); a host with
/// `user:password@` is refused without echoing it.
public struct EngineEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Equatable {
        case unix, tcp, http, https
    }

    /// The setting an endpoint came from, in resolution order.
    public enum Source: String, Sendable, Equatable {
        case flag = "--host"
        case planeDockerHost = "PLANE_DOCKER_HOST"
        case dockerHost = "DOCKER_HOST"
        /// The docker CLI's current context (`DOCKER_CONTEXT`, else `currentContext` of config.json).
        case dockerContext = "the docker context"
        case builtInDefault = "default"
    }

    public static let defaultHost = "unix:///var/run/docker.sock"

    public var scheme: Scheme
    /// The socket path for `.unix`; the host name or address otherwise (IPv6 without brackets).
    public var host: String
    /// Nil for `.unix`.
    public var port: Int?
    public var source: Source

    public init(scheme: Scheme, host: String, port: Int? = nil, source: Source = .flag) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.source = source
    }

    /// Resolution order: the explicit `--host` value, `PLANE_DOCKER_HOST`, `DOCKER_HOST`, then
    /// `unix:///var/run/docker.sock`. Empty values count as unset.
    public static func resolve(
        flag: String?, environment: [String: String]
    ) throws(EngineError) -> EngineEndpoint {
        let candidates: [(String?, Source)] = [
            (flag, .flag),
            (environment[Source.planeDockerHost.rawValue], .planeDockerHost),
            (environment[Source.dockerHost.rawValue], .dockerHost),
        ]
        for (value, source) in candidates {
            if let value, !value.trimmedWhitespace.isEmpty {
                return try EngineEndpoint(parsing: value, source: source)
            }
        }
        return try EngineEndpoint(parsing: defaultHost, source: .builtInDefault)
    }

    public init(parsing text: String, source: Source = .flag) throws(EngineError) {
        let value = text.trimmedWhitespace
        let origin = source == .builtInDefault ? "the default host" : "the host from \(source.rawValue)"
        guard let separator = value.firstRange(of: "://") else {
            let hint = value.hasPrefix("/")
                ? "write unix://\(value) for a socket path"
                : "use unix:///path/to/docker.sock, tcp://host:port or https://host:port"
            throw EngineError(
                .invalidConfiguration, "\(origin) has no scheme", hint: hint)
        }
        let schemeText = value[..<separator.lowerBound].lowercased()
        var rest = String(value[separator.upperBound...])
        guard let scheme = Scheme(rawValue: schemeText) else {
            throw EngineError(
                .invalidConfiguration, "\(origin) uses the scheme \(schemeText)://, which plane does not speak",
                hint: "use unix://, tcp://, http:// or https:// (ssh:// is not supported; forward the socket with ssh -L instead)")
        }
        self.scheme = scheme
        self.source = source

        if scheme == .unix {
            guard rest.hasPrefix("/"), rest.count > 1 else {
                throw EngineError(
                    .invalidConfiguration, "\(origin) must name an absolute socket path",
                    hint: "for example unix:///var/run/docker.sock")
            }
            self.host = rest
            self.port = nil
            return
        }

        // The authority ends at the first "/" (a base path) or "?"; only "/" alone is accepted.
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            let tail = rest[slash...]
            guard tail == "/" else {
                throw EngineError(
                    .invalidConfiguration, "\(origin) has a path or query after the host; plane only accepts scheme://host:port")
            }
            rest = String(rest[..<slash])
        }
        if rest.contains("@") {
            // Do not echo the value: it holds a password.
            throw EngineError(
                .invalidConfiguration, "\(origin) contains credentials (user:password@); plane refuses them there",
                hint: "give BasicAuth credentials through a credentials file or an environment variable, never in the host")
        }

        let hostPart: Substring
        var portPart: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw EngineError(.invalidConfiguration, "\(origin) has an unterminated IPv6 address")
            }
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty {
                throw EngineError(.invalidConfiguration, "\(origin) has text after the IPv6 address")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = rest[..<colon]
            portPart = rest[rest.index(after: colon)...]
        } else {
            hostPart = rest[...]
        }
        guard !hostPart.isEmpty else {
            throw EngineError(.invalidConfiguration, "\(origin) has no host name")
        }
        self.host = String(hostPart)
        if let portPart {
            guard let port = Int(portPart), (1...65535).contains(port) else {
                throw EngineError(.invalidConfiguration, "\(origin) has an invalid port \"\(portPart)\"")
            }
            self.port = port
        } else {
            switch scheme {
            case .tcp:
                throw EngineError(
                    .invalidConfiguration, "\(origin) needs a port: tcp://host:port",
                    hint: "the engine usually listens on 2375 (plain) or 2376 (TLS)")
            case .http: self.port = 80
            case .https: self.port = 443
            case .unix: self.port = nil
            }
        }
    }

    /// The endpoint for the HTTP transport.
    public var httpEndpoint: HTTPEndpoint {
        let scheme: HTTPEndpoint.Scheme = switch self.scheme {
        case .unix: .unix
        case .tcp: .tcp
        case .http: .http
        case .https: .https
        }
        return HTTPEndpoint(scheme: scheme, host: host, port: port)
    }

    /// Whether requests go over TLS: `https://`, or `tcp://` with TLS options.
    public func usesTLS(with tls: TLSOptions?) -> Bool { httpEndpoint.usesTLS(with: tls) }

    /// The URL prefix curl is given; for a unix socket the host part is a placeholder.
    func baseURL(tls: TLSOptions?) -> String { httpEndpoint.baseURL(tls: tls) }

    /// The endpoint as a person would type it (never contains credentials).
    public var description: String {
        switch scheme {
        case .unix: return "unix://\(host)"
        case .tcp, .http, .https:
            let host = self.host.contains(":") ? "[\(self.host)]" : self.host
            return "\(scheme.rawValue)://\(host)" + (port.map { ":\($0)" } ?? "")
        }
    }
}
