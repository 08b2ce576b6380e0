import HTTPTransport

/// How to reach the engine: endpoint, optional BasicAuth and TLS, and time limits.
public struct TransportConfiguration: Sendable {
    public var endpoint: EngineEndpoint
    public var basicAuth: BasicAuth?
    public var tls: TLSOptions?
    /// Limit for establishing a connection (socket connect, TLS handshake).
    public var connectTimeout: Duration
    /// Whole-request limit for ordinary calls. Streams (pull, events, logs), `wait` and `stop`
    /// (which takes its own timeout) are not bounded by it.
    public var requestTimeout: Duration
    /// Told about every finished request (method, path, status; never bodies or headers).
    public var requestObserver: (@Sendable (RequestRecord) -> Void)?

    public init(
        endpoint: EngineEndpoint, basicAuth: BasicAuth? = nil, tls: TLSOptions? = nil,
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(120),
        requestObserver: (@Sendable (RequestRecord) -> Void)? = nil
    ) {
        self.endpoint = endpoint
        self.basicAuth = basicAuth
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.requestObserver = requestObserver
    }
}

extension TransportConfiguration {
    /// The same settings for the HTTP transport, which knows nothing of DOCKER_HOST.
    var http: HTTPTransportConfiguration {
        HTTPTransportConfiguration(endpoint: endpoint.httpEndpoint, basicAuth: basicAuth, tls: tls, connectTimeout: connectTimeout,
                                   requestTimeout: requestTimeout, requestObserver: requestObserver)
    }
}
