#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One HTTP exchange as the transport sees it: no Engine (or any API) semantics here.
package struct HTTPRequest: Sendable {
    package var method: String
    /// Absolute path with the encoded query: `/v1.41/containers/json?all=1`.
    package var target: String
    package var headers: [(name: String, value: String)]
    package var body: Data?
    package var timeout: RequestTimeout
    /// Send this name as the Host header and the TLS server name (and verify the certificate
    /// against it), while connecting to the endpoint's own address: a request routed through a
    /// reverse proxy (Traefik) by host name, without DNS. Ignored for unix sockets' address.
    package var hostName: String?

    package init(method: String, target: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
                 timeout: RequestTimeout = .standard, hostName: String? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.hostName = hostName
    }
}

/// The whole-transfer limit of one request. Cancellation applies in every case.
package enum RequestTimeout: Sendable {
    /// The transport's configured request timeout.
    case standard
    /// No limit: streams and long waits.
    case unbounded
    case limit(Duration)
}

/// Response headers, looked up case-insensitively.
public struct HTTPHeaders: Sendable, CustomStringConvertible {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    package mutating func append(name: String, value: String) { fields.append((name, value)) }

    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}

package struct HTTPResponseHead: Sendable {
    package var status: Int
    package var headers: HTTPHeaders

    package init(status: Int, headers: HTTPHeaders) {
        self.status = status
        self.headers = headers
    }
}

package struct HTTPResponse: Sendable {
    package var head: HTTPResponseHead
    package var body: Data

    package init(head: HTTPResponseHead, body: Data) {
        self.head = head
        self.body = body
    }

    package var status: Int { head.status }
    package var headers: HTTPHeaders { head.headers }
}

/// The start of a streaming exchange: a 2xx head with its body still arriving (`stop` ends the
/// transfer), or (any other status) the whole response, buffered for classification.
package enum HTTPStreamOpening: Sendable {
    case streaming(HTTPResponseHead, body: AsyncThrowingStream<Data, any Error>, stop: @Sendable () -> Void)
    case complete(HTTPResponse)
}
