/// How to reach one HTTP server: endpoint, optional BasicAuth and TLS, and time limits.
package struct HTTPTransportConfiguration: Sendable {
    package var endpoint: HTTPEndpoint
    package var basicAuth: BasicAuth?
    package var tls: TLSOptions?
    /// Limit for establishing a connection (socket connect, TLS handshake).
    package var connectTimeout: Duration
    /// Whole-request limit for `RequestTimeout.standard`.
    package var requestTimeout: Duration
    /// Told about every finished request (method, path, status; never bodies or headers).
    package var requestObserver: (@Sendable (RequestRecord) -> Void)?
    package var userAgent: String

    package init(
        endpoint: HTTPEndpoint, basicAuth: BasicAuth? = nil, tls: TLSOptions? = nil,
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(120),
        requestObserver: (@Sendable (RequestRecord) -> Void)? = nil, userAgent: String = "plane"
    ) {
        self.endpoint = endpoint
        self.basicAuth = basicAuth
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.requestObserver = requestObserver
        self.userAgent = userAgent
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (curl treats 0 as "no limit").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace; "\r\n" is a single Character, which
    /// `isWhitespace` covers (no Foundation needed).
    package var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
