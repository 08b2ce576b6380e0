import Foundation

/// What one Traefik API request answered, decoded without trusting the content type: Traefik 3.5.3
/// sends its 404 (`router not found: NAME`) and 400 (`invalid request: page: 99, per_page: 1`) bodies as
/// `text/plain` holding JSON `{"message": ...}`. A non-2xx is never reported as a decoding error.
public enum TraefikAnswer<Value: Sendable & Decodable>: Sendable {
    case found(Value)
    /// 404: the object does not exist (a router whose container is unhealthy, stopped, not enabled).
    case notFound(message: String)
    /// Another non-2xx status, with Traefik's message when the body had one.
    case failed(status: Int, message: String)
    /// A 2xx whose body is not the expected JSON.
    case undecodable(status: Int, reason: String)

    public static func decode(status: Int, body: Data) -> TraefikAnswer<Value> {
        guard (200..<300).contains(status) else {
            let message = TraefikAnswerMessage.message(in: body)
            return status == 404 ? .notFound(message: message) : .failed(status: status, message: message)
        }
        do {
            return .found(try JSONDecoder().decode(Value.self, from: body))
        } catch {
            return .undecodable(status: status, reason: "\(error)")
        }
    }

    public var value: Value? { if case .found(let v) = self { return v } else { return nil } }
}

enum TraefikAnswerMessage {
    struct Body: Decodable { var message: String }

    /// `{"message": "..."}` when the body holds it, else the body's text (trimmed, at most 200 characters).
    static func message(in body: Data) -> String {
        if let decoded = try? JSONDecoder().decode(Body.self, from: body) { return decoded.message }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Paging of Traefik's list endpoints (`page`, `per_page`; default 100 per page). `X-Next-Page` is the
/// next page when more remain, else `1` (never 0): stop when it is not greater than the current page.
public enum TraefikPaging {
    public static let perPage = 100

    /// The page to ask next, or nil when `current` was the last one (or the header is missing/garbled).
    public static func next(after current: Int, header: String?) -> Int? {
        guard let header, let next = Int(header.trimmingCharacters(in: .whitespaces)), next > current else { return nil }
        return next
    }

    /// The query of a list request: `?page=N&per_page=M` (plus filters the caller appends).
    public static func query(page: Int, perPage: Int = perPage) -> String { "page=\(page)&per_page=\(perPage)" }
}

/// `/api/rawdata`: maps keyed by qualified name; entries carry no `name`/`provider`, filled here from the key.
public struct TraefikRawData: Sendable, Decodable {
    public var routers: [String: TraefikRouter]
    public var services: [String: TraefikService]
    public var middlewares: [String: TraefikMiddleware]

    enum CodingKeys: String, CodingKey { case routers, services, middlewares }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func named<T>(_ raw: [String: T]?, _ fill: (inout T, String, String) -> Void) -> [String: T] {
            var out: [String: T] = [:]
            for (key, var value) in raw ?? [:] {
                fill(&value, key, TraefikName.split(key).provider ?? "")
                out[key] = value
            }
            return out
        }
        routers = named(try c.decodeIfPresent([String: TraefikRouter].self, forKey: .routers)) { $0.name = $1; $0.provider = $2 }
        services = named(try c.decodeIfPresent([String: TraefikService].self, forKey: .services)) { $0.name = $1; $0.provider = $2 }
        middlewares = named(try c.decodeIfPresent([String: TraefikMiddleware].self, forKey: .middlewares)) { $0.name = $1; $0.provider = $2 }
    }
}

/// `/api/overview`: counts per kind; `errors` counts disabled objects, `warnings` those with a warning.
public struct TraefikOverview: Sendable, Decodable, Equatable {
    public struct Counts: Sendable, Decodable, Equatable {
        public var total: Int
        public var warnings: Int
        public var errors: Int
    }
    public struct HTTP: Sendable, Decodable, Equatable {
        public var routers: Counts
        public var services: Counts
        public var middlewares: Counts
    }
    public var http: HTTP
    public var providers: [String]
}

/// `/api/version`.
public struct TraefikVersion: Sendable, Decodable, Equatable {
    public var version: String
    public var codename: String

    enum CodingKeys: String, CodingKey { case version = "Version", codename = "Codename" }
}
