#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTransport

/// HTTP verbs the Engine API uses.
enum HTTPMethod: String, Sendable {
    case get = "GET", head = "HEAD", post = "POST", put = "PUT", delete = "DELETE"
}

/// Query parameters in order; nil values are left out.
struct Query: Sendable, ExpressibleByDictionaryLiteral {
    var items: [(String, String)] = []

    init(dictionaryLiteral elements: (String, String?)...) {
        for (name, value) in elements { if let value { items.append((name, value)) } }
    }

    var encoded: String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }
}

enum PercentEncoding {
    /// RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes.
    /// `keepSlash` keeps "/" for path parts that are themselves paths (image names).
    static func encode(_ text: String, keepSlash: Bool = false) -> String {
        encode(text, keeping: keepSlash ? [UInt8(ascii: "/")] : [])
    }

    /// An image reference as a path: "/", ":" and "@" stay as written (all legal in a path
    /// segment, RFC 3986 pchar), so `local/busybox:1` reaches the engine, and socket proxies that
    /// refuse percent-encoded paths, as written.
    static func image(_ reference: String) -> String {
        encode(reference, keeping: [UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "@")])
    }

    private static func encode(_ text: String, keeping: Set<UInt8>) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where keeping.contains(byte):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    /// One path segment (a container or network name or id).
    static func segment(_ text: String) -> String { encode(text) }
}

extension Engine.Client {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Sends one request. 2xx (and any status in `accepting`) is returned; everything else is
    /// thrown as a classified `EngineError`.
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, query: Query = [:], body: Data? = nil,
        headers: [(name: String, value: String)] = [], accepting: Set<Int> = [],
        timeout: RequestTimeout = .standard, versioned: Bool = true
    ) async throws -> HTTPResponse {
        let request = makeRequest(method, path, query: query, body: body, headers: headers, timeout: timeout, versioned: versioned)
        let response = try await transport.send(request)
        guard (200..<300).contains(response.status) || accepting.contains(response.status) else {
            throw ResponseClassifier.error(for: response, method: method.rawValue, path: path, endpoint: endpoint)
        }
        return response
    }

    /// Sends a JSON body.
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, query: Query = [:], json: some Encodable,
        accepting: Set<Int> = [], timeout: RequestTimeout = .standard
    ) async throws -> HTTPResponse {
        let body: Data
        do {
            body = try Self.encoder.encode(json)
        } catch {
            throw EngineError(
                .invalidConfiguration, "cannot encode the body of \(method.rawValue) \(path): \(error)",
                request: "\(method.rawValue) \(path)", cause: error)
        }
        return try await send(method, path, query: query, body: body, accepting: accepting, timeout: timeout)
    }

    /// Sends and decodes a 2xx JSON answer.
    func get<T: Decodable>(_ type: T.Type, _ path: String, query: Query = [:]) async throws -> T {
        let response = try await send(.get, path, query: query)
        return try decode(type, from: response, request: "GET \(path)")
    }

    /// Opens a streaming request; 2xx yields the body as it arrives, anything else is thrown.
    func openStream(
        _ method: HTTPMethod, _ path: String, query: Query = [:],
        headers: [(name: String, value: String)] = [], body: Data? = nil
    ) async throws -> (HTTPResponseHead, EngineStream<Data>) {
        // Streams end when the engine ends them or the consumer stops; no overall time limit.
        let request = makeRequest(method, path, query: query, body: body, headers: headers, timeout: .unbounded, versioned: true)
        switch try await transport.openStream(request) {
        case .streaming(let head, let body):
            return (head, body)
        case .complete(let response):
            guard (200..<300).contains(response.status) else {
                throw ResponseClassifier.error(for: response, method: method.rawValue, path: path, endpoint: endpoint)
            }
            // A 2xx whose head was not streamed cannot happen with curl; deliver it as one chunk.
            let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
            continuation.yield(response.body)
            continuation.finish()
            return (response.head, EngineStream(stream) {})
        }
    }

    /// Sends a request the engine answers by hijacking the connection (`101`, or `200` with a raw
    /// stream); anything else is thrown. The head is bounded by the request timeout, the stream is not.
    func upgrade(_ method: HTTPMethod, _ path: String, query: Query = [:], body: Data? = nil) async throws -> (HTTPResponseHead, UpgradedConnection) {
        let request = makeRequest(method, path, query: query, body: body, headers: [], timeout: .standard, versioned: true)
        switch try await transport.upgrade(request) {
        case .upgraded(let head, let connection):
            return (head, connection)
        case .complete(let response):
            throw ResponseClassifier.error(for: response, method: method.rawValue, path: path, endpoint: endpoint)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, request: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw EngineError(
                .decoding,
                "the engine answered \(request) with HTTP \(response.status), but the body is not a valid \(T.self): \(DecodingErrorSummary(error))",
                hint: "plane speaks API \(apiVersion) to \(endpoint); is something in front of the engine rewriting answers?",
                request: request, cause: error)
        }
    }

    private func makeRequest(
        _ method: HTTPMethod, _ path: String, query: Query, body: Data?,
        headers: [(name: String, value: String)], timeout: RequestTimeout, versioned: Bool
    ) -> HTTPRequest {
        let prefix = versioned ? "/v\(apiVersion)" : ""
        return HTTPRequest(
            method: method.rawValue, target: prefix + path + query.encoded, headers: headers,
            body: body, timeout: timeout)
    }
}

/// A one-line summary of a DecodingError: what was expected where, never the value.
struct DecodingErrorSummary: CustomStringConvertible {
    let error: any Error
    init(_ error: any Error) { self.error = error }

    var description: String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : text
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(type) at \(path(context))"
        case .valueNotFound(let type, let context): return "missing \(type) value at \(path(context))"
        case .keyNotFound(let key, let context): return "missing key \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context): return "not valid JSON at \(path(context))"
        @unknown default: return "undecodable"
        }
    }
}
