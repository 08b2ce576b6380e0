/// One request as the transport sent it, reported to `TransportConfiguration.requestObserver`
/// after it finished: how callers (and tests) count the writes a command made.
/// Carries no body and no headers, so nothing secret can travel through it.
public struct RequestRecord: Sendable, Equatable, CustomStringConvertible {
    /// `GET`, `POST`, `DELETE`, ...
    public var method: String
    /// The path as sent, with the version prefix and without the query: `/v1.41/containers/json`.
    public var path: String
    /// The HTTP status, nil when nothing answered (transport failure, cancellation).
    public var status: Int?

    public init(method: String, path: String, status: Int?) {
        self.method = method
        self.path = path
        self.status = status
    }

    /// Whether the request may change the server's state (anything but GET and HEAD).
    public var isWrite: Bool { method != "GET" && method != "HEAD" }

    public var description: String { "\(method) \(path) -> \(status.map(String.init) ?? "no answer")" }
}
