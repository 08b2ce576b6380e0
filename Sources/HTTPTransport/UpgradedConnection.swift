#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CCurl
import Synchronization

/// The connection of an HTTP exchange the server took over (`101 Switching Protocols`, or the
/// Docker engine's `200` raw stream): bytes both ways, no HTTP framing any more. libcurl still
/// owns the socket (CURLOPT_CONNECT_ONLY), so TLS and the unix socket work as for any request.
///
/// Blocking by design: each call waits in `poll(2)`, so callers run it on threads of their own,
/// never on the Swift cooperative pool. One thread may read while another writes: every libcurl
/// call is made under a lock (an easy handle, and its TLS state, is not safe from two threads),
/// the waiting is done outside it. `close()` ends both within a poll tick (250 ms).
package final class UpgradedConnection: Sendable {
    private struct State: ~Copyable {
        var easy: CurlEasy?
        /// Bytes read past the response head, returned by the first reads.
        var pending: [UInt8]
        var writeClosed = false
    }

    private let state: Mutex<State>
    private let socket: Int32
    package let endpoint: HTTPEndpoint

    init(easy: CurlEasy, socket: Int32, pending: [UInt8], endpoint: HTTPEndpoint) {
        state = Mutex(State(easy: easy, pending: pending))
        self.socket = socket
        self.endpoint = endpoint
    }

    deinit { close() }

    /// False once `close()` was called or a read saw the peer's end.
    package var isOpen: Bool { state.withLock { $0.easy != nil } }

    /// Up to `maximum` bytes, waiting until some arrive; nil once the peer closed (or `close()`);
    /// empty when `waitingAtMost` passed first.
    package func read(maximum: Int = 32 * 1024, waitingAtMost: Duration? = nil) throws(TransportError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let deadline = waitingAtMost.map { ContinuousClock.now + $0 }
        while true {
            if let deadline, ContinuousClock.now >= deadline { return [] }
            let outcome: Result<Int?, CurlFailure> = state.withLock { state in
                if !state.pending.isEmpty {
                    let count = min(maximum, state.pending.count)
                    buffer.replaceSubrange(0..<count, with: state.pending[0..<count])
                    state.pending.removeFirst(count)
                    return .success(count)
                }
                guard let easy = state.easy else { return .success(0) }
                return Self.attempt("recv") { try buffer.withUnsafeMutableBytes { try easy.receive($0) } }
            }
            switch outcome {
            case .success(.some(0)): return nil
            case .success(.some(let count)): return Array(buffer[0..<count])
            case .success(.none): if !wait(for: Int16(POLLIN)) { return nil }
            case .failure(let failure): throw error(failure)
            }
        }
    }

    /// Bytes read past a response head: the first reads return them.
    func putBack(_ bytes: [UInt8]) {
        state.withLock { $0.pending = bytes + $0.pending }
    }

    /// Writes all of `bytes`, waiting while the connection is full.
    package func write(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let outcome: Result<Int?, CurlFailure> = state.withLock { state in
                guard let easy = state.easy, !state.writeClosed else {
                    return .failure(CurlFailure(code: Int(CURLE_SEND_ERROR.rawValue), message: "the connection is closed for writing", operation: "send"))
                }
                return Self.attempt("send") { try bytes.withUnsafeBytes { try easy.send(UnsafeRawBufferPointer(rebasing: $0[offset...])) } }
            }
            switch outcome {
            case .success(.some(let count)): offset += count
            case .success(.none): if !wait(for: Int16(POLLOUT)) { throw error(CurlFailure(code: Int(CURLE_SEND_ERROR.rawValue), message: "the connection was closed", operation: "send")) }
            case .failure(let failure): throw error(failure)
            }
        }
    }

    /// Half-closes: the peer reads end-of-file (a command's stdin ends) while its answer still
    /// arrives. Over TLS this is a plain TCP FIN, without a close_notify alert (libcurl sends
    /// none on its own); the Docker engine closes the command's stdin either way.
    package func closeWrite() {
        state.withLock { state in
            guard state.easy != nil, !state.writeClosed else { return }
            state.writeClosed = true
            _ = shutdown(socket, Int32(SHUT_WR))
        }
    }

    /// Closes the connection; reads then return nil and writes fail. Idempotent.
    package func close() {
        // Dropping the handle closes its socket (curl_easy_cleanup).
        let easy = state.withLock { state -> CurlEasy? in
            defer { state.easy = nil }
            return state.easy
        }
        _ = easy
    }

    /// Waits until the socket is ready (true), or a poll tick passed (true: the caller retries and
    /// checks its own deadline); false once the connection is closed.
    private func wait(for events: Int16) -> Bool {
        guard state.withLock({ $0.easy != nil }) else { return false }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        // Ready, timed out or interrupted (EINTR): the libcurl call that follows says which.
        _ = poll(&descriptor, 1, 250)
        return true
    }

    /// One libcurl call's outcome (the buffer accessors rethrow untyped).
    private static func attempt(_ operation: String, _ call: () throws -> Int?) -> Result<Int?, CurlFailure> {
        do {
            return .success(try call())
        } catch let failure as CurlFailure {
            return .failure(failure)
        } catch {
            return .failure(CurlFailure(code: Int(CURLE_RECV_ERROR.rawValue), message: "\(error)", operation: operation))
        }
    }

    private func error(_ failure: CurlFailure) -> TransportError {
        let kind: TransportError.Kind = [Int(CURLE_SEND_ERROR.rawValue), Int(CURLE_RECV_ERROR.rawValue)].contains(failure.code) ? .connectionBroken : .other
        return TransportError(kind: kind, curlCode: failure.code, message: failure.message, operation: failure.operation, endpoint: endpoint, timeLimit: nil)
    }
}
