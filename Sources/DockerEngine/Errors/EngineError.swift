/// Every failure of the Engine client, classified by where it happened.
///
/// The classes are distinct on purpose: a transport failure (nothing answered), an HTTP status from
/// something in between (a BasicAuth proxy, a socket proxy), an error the engine itself reported,
/// a 2xx body that does not decode, and an error reported inside a 200 stream. A non-2xx answer
/// is never reported as a decoding error.
///
/// `description` is one actionable paragraph for a person; it never contains a credential, a
/// registry auth or a response body (bodies may carry container env values). `debugDescription`
/// adds the request line and the underlying cause.
public struct EngineError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Code: Sendable, Equatable, Hashable {
        /// Nothing usable answered: socket missing, connection refused, TLS failure, timeout.
        /// Carries curl's own result code (CURLcode); `message` carries curl's own error text.
        case transport(curlCode: Int)
        /// HTTP 401: the endpoint (a BasicAuth proxy in front of the engine) rejected the credentials.
        case unauthorized
        /// HTTP 403/405 that did not come from the engine (no `Api-Version` header, or a body that
        /// is not the engine's JSON): a socket proxy refused this method and path.
        case proxyDenied(method: String, path: String)
        /// The engine answered with an error: status and its JSON `{"message"}`.
        /// 404 no such object, 409 conflict, 400 bad parameter, 500 server error.
        case daemon(status: Int)
        /// A non-2xx that is neither the engine's JSON nor a known proxy denial (e.g. 502 from a
        /// proxy whose backend is down).
        case unexpectedStatus(status: Int)
        /// A 2xx body that does not decode into the expected wire type.
        case decoding
        /// An error reported inside a 200 stream (pull progress `errorDetail`, a broken event line).
        case stream
        /// The engine's API version range and the range plane supports do not overlap.
        case unsupportedVersion
        /// The caller's configuration cannot work: a malformed host, unreadable credentials, a
        /// request the negotiated API version cannot express.
        case invalidConfiguration
    }

    public var code: Code
    /// What happened, in one or two sentences; names the request where there is one.
    public var message: String
    /// What to do about it, when we know.
    public var hint: String?
    /// `METHOD /path` (unversioned, without query), when the failure belongs to a request.
    public var request: String?
    /// The underlying error (a `DecodingError`, a transport failure), for `debugDescription`.
    public var cause: (any Error & Sendable)?

    public init(
        _ code: Code, _ message: String, hint: String? = nil, request: String? = nil,
        cause: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.request = request
        self.cause = cause
    }

    /// The HTTP status, for the classes that have one.
    public var status: Int? {
        switch code {
        case .unauthorized: 401
        case .daemon(let status), .unexpectedStatus(let status): status
        default: nil
        }
    }

    /// The engine said the object does not exist (404 from the engine itself).
    public var isNotFound: Bool { code == .daemon(status: 404) }

    /// The engine refused because of the object's state or name (409 from the engine itself).
    public var isConflict: Bool { code == .daemon(status: 409) }

    /// The engine refused to remove a network that still has endpoints ("network x id y has active
    /// endpoints": 403 from moby 20.10, whose libnetwork calls it forbidden).
    public var hasActiveEndpoints: Bool {
        guard case .daemon = code else { return false }
        return message.contains("has active endpoints")
    }

    /// A short stable name of the class, for logs and machine-readable output.
    public var kind: String {
        switch code {
        case .transport: "transport"
        case .unauthorized: "unauthorized"
        case .proxyDenied: "proxy-denied"
        case .daemon: "daemon"
        case .unexpectedStatus: "unexpected-status"
        case .decoding: "decoding"
        case .stream: "stream"
        case .unsupportedVersion: "unsupported-version"
        case .invalidConfiguration: "invalid-configuration"
        }
    }

    public var description: String {
        guard let hint else { return message }
        return message + "\n  hint: " + hint
    }

    public var debugDescription: String {
        var text = "EngineError(\(kind)"
        if let status { text += ", status \(status)" }
        if case .transport(let curlCode) = code { text += ", curl \(curlCode)" }
        text += "): " + description
        if let request { text += "\n  request: " + request }
        if let cause { text += "\n  cause: " + String(describing: cause) }
        return text
    }
}
