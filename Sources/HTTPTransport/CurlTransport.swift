#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CCurl
import Dispatch

/// HTTP/1.1 over libcurl: the only file that knows how a request travels.
///
/// Each request is a synchronous `curl_easy_perform` on a Dispatch worker thread, never on the
/// Swift cooperative pool, bridged to `async` with a continuation. Each request gets a serial queue
/// of its own: such queues run on libdispatch's overcommit pool, which starts a thread for every
/// blocked request at once, where the global queues start about one per core and add more only
/// slowly (28 parallel stops of 10 s each would otherwise take their turns two at a time). Ordinary requests reuse easy
/// handles from a small pool (so keep-alive connections survive); streams get their own handle.
/// Task cancellation and stream termination set a flag that curl's progress callback (called at
/// least once a second, even when idle) turns into an abort. Failures without an HTTP answer are
/// `TransportError`; cancellation is `CancellationError`. libcurl is loaded on the first request.
package final class CurlTransport: Sendable {
    package let configuration: HTTPTransportConfiguration
    private let pool = CurlHandlePool(capacity: 4)

    package var endpoint: HTTPEndpoint { configuration.endpoint }

    package init(_ configuration: HTTPTransportConfiguration) {
        self.configuration = configuration
    }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let cancel = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                Self.requestQueue().async {
                    continuation.resume(with: Result {
                        try self.execute(request, cancel: cancel, pooled: true, onHead: nil, onChunk: nil)
                    })
                }
            }
        } onCancel: {
            cancel.set()
        }
    }

    package func openStream(_ request: HTTPRequest) async throws -> HTTPStreamOpening {
        let cancel = CancellationFlag()
        let (body, bodyContinuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        bodyContinuation.onTermination = { _ in cancel.set() }
        let opening = OneShotContinuation<HTTPStreamOpening>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPStreamOpening, any Error>) in
                opening.install(continuation)
                Self.requestQueue().async {
                    do {
                        let response = try self.execute(
                            request, cancel: cancel, pooled: false,
                            onHead: { head in
                                _ = opening.resume(with: .success(.streaming(head, body: body, stop: { cancel.set() })))
                            },
                            onChunk: { bodyContinuation.yield($0) })
                        // Not streamed (non-2xx): the caller classifies the whole response.
                        if !opening.resume(with: .success(.complete(response))) { bodyContinuation.finish() }
                    } catch {
                        if !opening.resume(with: .failure(error)) { bodyContinuation.finish(throwing: error) }
                    }
                }
            }
        } onCancel: {
            cancel.set()
        }
    }

    /// A serial queue for one blocking transfer (overcommit: never waits for a free worker).
    static func requestQueue() -> DispatchQueue {
        DispatchQueue(label: "plane.engine.request", qos: .userInitiated)
    }

    // MARK: One transfer, synchronously on the calling (Dispatch) thread

    private func execute(
        _ request: HTTPRequest, cancel: CancellationFlag, pooled: Bool,
        onHead: ((HTTPResponseHead) -> Void)?, onChunk: ((Data) -> Void)?
    ) throws -> HTTPResponse {
        let easy: CurlEasy
        do {
            easy = pooled ? try pool.take() : try CurlEasy()
        } catch {
            throw transportError(error, request: request)
        }
        defer { if pooled { pool.giveBack(easy) } }

        let transfer = Transfer(cancel: cancel, onHead: onHead, onChunk: onChunk)
        defer {
            if let observer = configuration.requestObserver {
                let path = String(request.target.prefix { $0 != "?" })
                observer(RequestRecord(method: request.method, path: path, status: transfer.status == 0 ? nil : transfer.status))
            }
        }
        do {
            try withExtendedLifetime(transfer) {
                let context = Unmanaged.passUnretained(transfer).toOpaque()
                try configure(easy, for: request, context: context)
                try easy.perform()
            }
        } catch {
            if cancel.isSet { throw CancellationError() }
            throw transportError(error, request: request)
        }
        return HTTPResponse(head: HTTPResponseHead(status: transfer.status, headers: transfer.headers), body: transfer.body)
    }

    private func configure(_ easy: CurlEasy, for request: HTTPRequest, context: UnsafeMutableRawPointer) throws(CurlFailure) {
        try configureConnection(easy, for: request)
        if let timeout = timeLimit(of: request) {
            try easy.set(CURLOPT_TIMEOUT_MS, timeout.curlMilliseconds, "CURLOPT_TIMEOUT_MS")
        }

        switch request.method {
        case "GET":
            try easy.set(CURLOPT_HTTPGET, 1, "CURLOPT_HTTPGET")
        case "HEAD":
            try easy.set(CURLOPT_NOBODY, 1, "CURLOPT_NOBODY")
        default:
            // POST semantics with an explicit (possibly empty) body, so curl never reads stdin;
            // other methods override the verb.
            let body = request.body ?? Data()
            try easy.set(CURLOPT_POST, 1, "CURLOPT_POST")
            try easy.setCopiedBody([UInt8](body))
            if request.method != "POST" {
                try easy.set(CURLOPT_CUSTOMREQUEST, request.method, "CURLOPT_CUSTOMREQUEST")
            }
        }

        var headers = ["Expect:", "User-Agent: \(configuration.userAgent)"]
        if request.body != nil { headers.append("Content-Type: application/json") }
        headers += request.headers.map { "\($0.name): \($0.value)" }
        try easy.setHeaders(headers)

        if let auth = configuration.basicAuth {
            try easy.set(CURLOPT_HTTPAUTH, ccurl_auth_basic(), "CURLOPT_HTTPAUTH")
            try easy.set(CURLOPT_USERNAME, auth.username, "CURLOPT_USERNAME")
            try easy.set(CURLOPT_PASSWORD, auth.password, "CURLOPT_PASSWORD")
        }

        try easy.setDataCallback(CURLOPT_HEADERFUNCTION, CURLOPT_HEADERDATA, curlHeaderCallback, context: context, "CURLOPT_HEADERFUNCTION")
        try easy.setDataCallback(CURLOPT_WRITEFUNCTION, CURLOPT_WRITEDATA, curlWriteCallback, context: context, "CURLOPT_WRITEFUNCTION")
        try easy.setProgressCallback(curlProgressCallback, context: context)
    }

    /// Where and how to connect (socket or address, TLS, time limit to connect): what an ordinary
    /// request and an upgraded connection (`CurlTransport+Upgrade`) share.
    func configureConnection(_ easy: CurlEasy, for request: HTTPRequest) throws(CurlFailure) {
        let endpoint = configuration.endpoint
        try easy.set(CURLOPT_URL, endpoint.baseURL(tls: configuration.tls, hostName: request.hostName) + request.target, "CURLOPT_URL")
        if let name = request.hostName, endpoint.scheme != .unix, name != endpoint.host {
            try easy.setResolve(["\(HTTPEndpoint.bracketed(name)):\(endpoint.port ?? 80):\(HTTPEndpoint.bracketed(endpoint.host))"])
        }
        if endpoint.scheme == .unix {
            try easy.set(CURLOPT_UNIX_SOCKET_PATH, endpoint.host, "CURLOPT_UNIX_SOCKET_PATH")
        }
        try easy.set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        // HTTP/1.1 everywhere (no h2 over TLS): one framing for streams, headers as the server sends them.
        try easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1), "CURLOPT_HTTP_VERSION")
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds, "CURLOPT_CONNECTTIMEOUT_MS")
        if endpoint.scheme != .unix {
            try easy.set(CURLOPT_TCP_KEEPALIVE, 1, "CURLOPT_TCP_KEEPALIVE")
        }
        if let tls = configuration.tls, endpoint.usesTLS(with: tls) {
            if let path = tls.caCertificatePath { try easy.set(CURLOPT_CAINFO, path, "CURLOPT_CAINFO") }
            if let path = tls.clientCertificatePath { try easy.set(CURLOPT_SSLCERT, path, "CURLOPT_SSLCERT") }
            if let path = tls.clientKeyPath { try easy.set(CURLOPT_SSLKEY, path, "CURLOPT_SSLKEY") }
            if !tls.verifyPeer {
                try easy.set(CURLOPT_SSL_VERIFYPEER, 0, "CURLOPT_SSL_VERIFYPEER")
                try easy.set(CURLOPT_SSL_VERIFYHOST, 0, "CURLOPT_SSL_VERIFYHOST")
            }
        }
    }

    func timeLimit(of request: HTTPRequest) -> Duration? {
        switch request.timeout {
        case .standard: configuration.requestTimeout
        case .unbounded: nil
        case .limit(let duration): duration
        }
    }

    // MARK: Errors

    func transportError(_ error: any Error, request: HTTPRequest) -> any Error {
        guard let failure = error as? CurlFailure else { return error }
        return TransportError(kind: Self.kind(of: failure), curlCode: failure.code, message: failure.message,
                              operation: failure.operation, endpoint: configuration.endpoint,
                              timeLimit: timeLimit(of: request) ?? configuration.connectTimeout)
    }

    private static func kind(of failure: CurlFailure) -> TransportError.Kind {
        // perform, or send/recv on an upgraded connection; anything else is setting a handle up.
        guard ["perform", "send", "recv"].contains(failure.operation) else { return .unavailable }
        switch Int32(failure.code) {
        case Int32(CURLE_COULDNT_CONNECT.rawValue): return .couldNotConnect
        case Int32(CURLE_COULDNT_RESOLVE_HOST.rawValue): return .couldNotResolve
        case Int32(CURLE_OPERATION_TIMEDOUT.rawValue): return .timedOut
        case Int32(CURLE_GOT_NOTHING.rawValue): return .emptyReply
        case Int32(CURLE_SSL_CONNECT_ERROR.rawValue), Int32(CURLE_PEER_FAILED_VERIFICATION.rawValue),
            Int32(CURLE_SSL_CACERT_BADFILE.rawValue), Int32(CURLE_SSL_CERTPROBLEM.rawValue):
            return .tls
        case Int32(CURLE_RECV_ERROR.rawValue), Int32(CURLE_SEND_ERROR.rawValue), Int32(CURLE_PARTIAL_FILE.rawValue):
            return .connectionBroken
        default: return .other
        }
    }
}

// MARK: - Per-transfer state shared with the C callbacks

/// What the callbacks of one transfer fill in. Touched only by the transfer's own thread.
private final class Transfer {
    let cancel: CancellationFlag
    let onHead: ((HTTPResponseHead) -> Void)?
    let onChunk: ((Data) -> Void)?
    var status = 0
    var headers = HTTPHeaders()
    var streaming = false
    var body = Data()

    init(cancel: CancellationFlag, onHead: ((HTTPResponseHead) -> Void)?, onChunk: ((Data) -> Void)?) {
        self.cancel = cancel
        self.onHead = onHead
        self.onChunk = onChunk
    }

    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmedWhitespace
        if line.hasPrefix("HTTP/") {
            // A new response (after a 100 Continue, or the first): start over.
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
        } else if line.isEmpty {
            guard status >= 200 else { return }
            if let onHead, (200..<300).contains(status) {
                streaming = true
                onHead(HTTPResponseHead(status: status, headers: headers))
            }
        } else if let colon = line.firstIndex(of: ":") {
            headers.append(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmedWhitespace)
        }
    }

    func receiveBody(_ bytes: UnsafeRawBufferPointer) {
        if streaming, let onChunk {
            onChunk(Data(bytes))
        } else {
            body.append(contentsOf: bytes)
        }
    }
}

private func curlHeaderCallback(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let buffer, let context else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeader(UnsafeRawBufferPointer(start: buffer, count: length))
    return length
}

private func curlWriteCallback(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let buffer, let context else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    // Returning a short count makes curl abort with CURLE_WRITE_ERROR.
    if transfer.cancel.isSet { return 0 }
    transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: length))
    return length
}

private func curlProgressCallback(_ context: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t, _: curl_off_t) -> Int32 {
    guard let context else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
    return transfer.cancel.isSet ? 1 : 0
}
