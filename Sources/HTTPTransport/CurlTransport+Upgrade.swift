#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CCurl
import Dispatch

/// The start of an exchange that asked to upgrade the connection: the server took it over
/// (`101`, or a `2xx` that streams raw bytes: the Docker engine's answer to a request without
/// `Upgrade`), or (any other status) the whole response, read for classification.
package enum HTTPUpgradeOpening: Sendable {
    case upgraded(HTTPResponseHead, UpgradedConnection)
    case complete(HTTPResponse)
}

extension CurlTransport {
    /// Sends `request` with `Connection: Upgrade` and `Upgrade: <protocol>` and hands over the
    /// connection when the server switches. libcurl connects (CURLOPT_CONNECT_ONLY: unix socket,
    /// TCP, TLS) and plane writes the request itself, since libcurl's own HTTP would read the
    /// switched connection as a body and give no way to write to it. BasicAuth is sent
    /// preemptively. The head must arrive within the request's time limit; cancellation applies
    /// until it has.
    package func upgrade(_ request: HTTPRequest, to protocolName: String) async throws -> HTTPUpgradeOpening {
        let cancel = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPUpgradeOpening, any Error>) in
                Self.requestQueue().async {
                    continuation.resume(with: Result { try self.performUpgrade(request, to: protocolName, cancel: cancel) })
                }
            }
        } onCancel: {
            cancel.set()
        }
    }

    private func performUpgrade(_ request: HTTPRequest, to protocolName: String, cancel: CancellationFlag) throws -> HTTPUpgradeOpening {
        var status: Int?
        defer {
            if let observer = configuration.requestObserver {
                observer(RequestRecord(method: request.method, path: String(request.target.prefix { $0 != "?" }), status: status))
            }
        }
        let connection: UpgradedConnection
        do {
            let easy = try CurlEasy()
            try configureConnection(easy, for: request)
            try easy.set(CURLOPT_CONNECT_ONLY, 1, "CURLOPT_CONNECT_ONLY")
            try easy.perform()
            connection = UpgradedConnection(easy: easy, socket: try easy.activeSocket(), pending: [], endpoint: configuration.endpoint)
        } catch {
            if cancel.isSet { throw CancellationError() }
            throw transportError(error, request: request)
        }
        // The head (or an error page) within the request's limit; the stream after it has none.
        let limit = timeLimit(of: request) ?? configuration.requestTimeout
        var reader = HeadReader(connection: connection, cancel: cancel, deadline: ContinuousClock.now + limit, limit: limit, endpoint: configuration.endpoint)
        try connection.write(Array(requestHead(request, upgrade: protocolName).utf8) + [UInt8](request.body ?? Data()))
        let head = try reader.readHead()
        status = head.status
        if head.status == 101 || (200..<300).contains(head.status) {
            connection.putBack(reader.buffered)
            return .upgraded(head, connection)
        }
        let body = try reader.readBody(of: head)
        connection.close()
        return .complete(HTTPResponse(head: head, body: Data(body)))
    }

    private func requestHead(_ request: HTTPRequest, upgrade protocolName: String) -> String {
        let endpoint = configuration.endpoint
        let host = endpoint.scheme == .unix ? (request.hostName ?? "localhost")
            : HTTPEndpoint.bracketed(request.hostName ?? endpoint.host) + (endpoint.port.map { ":\($0)" } ?? "")
        var lines = ["\(request.method) \(request.target) HTTP/1.1", "Host: \(host)", "User-Agent: \(configuration.userAgent)",
                     "Connection: Upgrade", "Upgrade: \(protocolName)"]
        if let body = request.body {
            lines += ["Content-Type: application/json", "Content-Length: \(body.count)"]
        } else if request.method != "GET" && request.method != "HEAD" {
            lines.append("Content-Length: 0")
        }
        if let auth = configuration.basicAuth {
            lines.append("Authorization: Basic " + Data("\(auth.username):\(auth.password)".utf8).base64EncodedString())
        }
        lines += request.headers.map { "\($0.name): \($0.value)" }
        return lines.joined(separator: "\r\n") + "\r\n\r\n"
    }
}

/// Reads an HTTP/1.1 response head, and a body framed by Content-Length, chunked encoding or the
/// end of the connection, from an upgraded-to-be connection. Bounded: 64 KiB of head, 1 MiB of
/// body (an error page), the request's time limit.
private struct HeadReader {
    let connection: UpgradedConnection
    let cancel: CancellationFlag
    let deadline: ContinuousClock.Instant
    let limit: Duration
    let endpoint: HTTPEndpoint
    var buffered: [UInt8] = []

    mutating func readHead() throws -> HTTPResponseHead {
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffered) {
                let text = String(decoding: buffered[0..<end], as: UTF8.self)
                buffered.removeFirst(end + 4)
                var lines = text.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2)
                guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
                    throw failure(.other, "the server answered with something that is not HTTP")
                }
                var headers = HTTPHeaders()
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers.append(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmedWhitespace)
                }
                if status == 100 { continue }
                return HTTPResponseHead(status: status, headers: headers)
            }
            guard buffered.count < 64 * 1024 else { throw failure(.other, "the response head is over 64 KiB") }
            guard try fill() else { throw failure(.emptyReply, buffered.isEmpty ? "Empty reply from server" : "the server closed the connection inside the response head") }
        }
    }

    mutating func readBody(of head: HTTPResponseHead) throws -> [UInt8] {
        let maximum = 1 << 20
        if let length = head.headers["Content-Length"].flatMap({ Int($0.trimmedWhitespace) }) {
            while buffered.count < min(length, maximum), try fill() {}
            return Array(buffered.prefix(min(length, maximum)))
        }
        if head.headers["Transfer-Encoding"]?.lowercased().contains("chunked") == true {
            var body: [UInt8] = []
            while body.count < maximum {
                guard let lineEnd = try line() else { break }
                let size = Int(String(decoding: buffered[0..<lineEnd], as: UTF8.self).split(separator: ";").first?.trimmedWhitespace ?? "", radix: 16) ?? 0
                buffered.removeFirst(lineEnd + 2)
                if size == 0 { break }
                while buffered.count < size + 2, try fill() {}
                body += buffered.prefix(size)
                buffered.removeFirst(min(buffered.count, size + 2))
            }
            return body
        }
        while buffered.count < maximum, try fill() {}
        return buffered
    }

    private mutating func line() throws -> Int? {
        while true {
            if let end = Self.find([13, 10], in: buffered) { return end }
            guard try fill() else { return nil }
        }
    }

    /// Reads more; false at the end of the connection.
    private mutating func fill() throws -> Bool {
        if cancel.isSet { connection.close(); throw CancellationError() }
        if ContinuousClock.now >= deadline {
            connection.close()
            throw failure(.timedOut, "no answer within \(limit)")
        }
        guard let bytes = try connection.read(waitingAtMost: .milliseconds(250)) else { return false }
        buffered += bytes
        return true
    }

    private func failure(_ kind: TransportError.Kind, _ message: String) -> TransportError {
        TransportError(kind: kind, curlCode: 0, message: message, operation: "recv", endpoint: endpoint, timeLimit: limit)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
