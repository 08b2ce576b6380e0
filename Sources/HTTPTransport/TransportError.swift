/// A request that got no HTTP answer: nothing listening, a name that does not resolve, a time
/// limit, TLS, a broken connection, or libcurl itself unavailable. Carries libcurl's own result
/// code and message, and what was being reached; callers (the Engine client, health checks) say
/// what it means for them.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Connection refused, or the socket is missing or not allowed.
        case couldNotConnect
        case couldNotResolve
        case timedOut
        /// The server closed the connection without an HTTP answer.
        case emptyReply
        case tls
        /// The connection broke mid-request.
        case connectionBroken
        /// libcurl could not be loaded or a handle could not be set up.
        case unavailable
        case other
    }

    public var kind: Kind
    /// libcurl's result code (CURLcode).
    public var curlCode: Int
    /// libcurl's own text for it.
    public var message: String
    /// Which libcurl call failed: "perform", "setopt CURLOPT_URL", ...
    public var operation: String
    public var endpoint: HTTPEndpoint
    /// The whole-transfer time limit that applied (for `.timedOut` messages), nil when none.
    public var timeLimit: Duration?

    public var description: String { "\(endpoint): \(message)" }
}
