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
import Dispatch
import HTTPTransport
import Synchronization

/// A running exec's streams, both ways, over the connection the engine hijacked
/// (`Engine.Client.attachExec`): its output as frames (stdout/stderr demultiplexed, or one
/// `console` stream under a TTY), and its stdin.
///
/// The connection's blocking reads and writes run on Dispatch threads of their own, never on the
/// cooperative pool. `close()` (or the last copy of `output` dropped) ends both directions.
public struct ExecAttachment: Sendable {
    /// Ends when the command (and with it the engine's side of the connection) does.
    public let output: EngineStream<Engine.LogFrame>
    let connection: UpgradedConnection

    init(connection: UpgradedConnection, tty: Bool, request: String) {
        self.connection = connection
        let (frames, continuation) = AsyncThrowingStream<Engine.LogFrame, any Error>.makeStream()
        DispatchQueue(label: "plane.exec.output", qos: .userInitiated).async {
            var demultiplexer = LogDemultiplexer()
            do {
                while let chunk = try connection.read() {
                    if tty {
                        continuation.yield(Engine.LogFrame(stream: .console, payload: Data(chunk)))
                    } else {
                        for frame in try demultiplexer.feed(Data(chunk)) { continuation.yield(frame) }
                    }
                }
                continuation.finish()
            } catch let failure as LogDemultiplexer.Failure {
                continuation.finish(throwing: EngineError(.stream, "the output of the exec is not multiplexed as expected (\(failure))",
                                                          request: request, cause: failure))
            } catch {
                continuation.finish(throwing: EngineError(.stream, "the exec's connection broke: \(error)", request: request, cause: error))
            }
        }
        continuation.onTermination = { _ in connection.close() }
        output = EngineStream(frames) { connection.close() }
    }

    /// Writes to the command's stdin.
    public func send(_ bytes: [UInt8]) async throws {
        let connection = connection
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue(label: "plane.exec.input", qos: .userInitiated).async {
                continuation.resume(with: Result { try connection.write(bytes) })
            }
        }
    }

    /// Ends the command's stdin (a half-close: its output still arrives), as at the end of a pipe.
    public func closeInput() { connection.closeWrite() }

    /// Copies `descriptor` (plane's stdin) to the command's stdin on a thread of its own, until
    /// end-of-file (then `closeInput()`), a read error, or the connection's end. Returns at once.
    /// Nothing is buffered beyond one read: a command that does not read holds the writer back.
    public func forwardInput(from descriptor: Int32) {
        let connection = connection
        DispatchQueue(label: "plane.exec.stdin", qos: .userInitiated).async {
            var buffer = [UInt8](repeating: 0, count: 32 * 1024)
            while connection.isOpen {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                // A bounded wait, so the thread notices the end of the connection.
                let ready = poll(&poller, 1, 250)
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                guard count > 0 else { break }
                do {
                    try connection.write(Array(buffer[0..<count]))
                } catch {
                    return  // the command ended or the connection broke: the output side says which
                }
            }
            connection.closeWrite()
        }
    }

    /// Closes the connection (both directions).
    public func close() { connection.close() }
}
