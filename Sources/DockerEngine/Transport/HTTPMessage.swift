#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One HTTP exchange as the transport sees it: no Engine semantics here.
struct HTTPRequest: Sendable {
    var method: String
    /// Absolute path with the version prefix and the encoded query: `/v1.41/containers/json?all=1`.
    var target: String
    var headers: [(name: String, value: String)] = []
    var body: Data?
    var timeout: RequestTimeout = .standard
}

/// The whole-transfer limit of one request. Cancellation applies in every case.
enum RequestTimeout: Sendable {
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

    mutating func append(name: String, value: String) { fields.append((name, value)) }

    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}

struct HTTPResponseHead: Sendable {
    var status: Int
    var headers: HTTPHeaders
}

struct HTTPResponse: Sendable {
    var head: HTTPResponseHead
    var body: Data

    var status: Int { head.status }
    var headers: HTTPHeaders { head.headers }
}

/// The start of a streaming exchange: a 2xx head with its body still arriving, or (any other
/// status) the whole response, buffered for classification.
enum StreamOpening: Sendable {
    case streaming(HTTPResponseHead, EngineStream<Data>)
    case complete(HTTPResponse)
}

/// How the client reaches the engine. `CurlTransport` is the real one; tests may substitute.
protocol EngineTransport: Sendable {
    var endpoint: EngineEndpoint { get }
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
    func openStream(_ request: HTTPRequest) async throws -> StreamOpening
}
