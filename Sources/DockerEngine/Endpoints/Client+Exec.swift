#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Engine.Client {
    /// Maps to `POST /containers/{id}/exec`. A container that is not running is a 409.
    public func createExec(_ container: String, _ request: Engine.ExecCreateRequest) async throws -> Engine.ExecCreateResponse {
        let path = "/containers/\(PercentEncoding.segment(container))/exec"
        let response = try await send(.post, path, json: request)
        return try decode(Engine.ExecCreateResponse.self, from: response, request: "POST \(path)")
    }

    /// Starts an exec without stdin and streams its output: stdout/stderr frames, or one `console`
    /// stream with `tty`. The stream ends when the command exits; `inspectExec` then has its code.
    /// (Sent without `Upgrade`, the engine still hijacks the connection, which libcurl reads as a
    /// body until the engine closes it; `attachExec` is the way to write to the command's stdin.)
    ///
    /// Maps to `POST /exec/{id}/start`.
    public func startExec(_ id: String, tty: Bool) async throws -> EngineStream<Engine.LogFrame> {
        let path = "/exec/\(PercentEncoding.segment(id))/start"
        let body = try Self.encoder.encode(["Detach": false, "Tty": tty])
        let (_, raw) = try await openStream(.post, path, body: body)
        let (frames, continuation) = AsyncThrowingStream<Engine.LogFrame, any Error>.makeStream()
        let pump = Task {
            var demultiplexer = LogDemultiplexer()
            do {
                for try await chunk in raw {
                    if tty {
                        continuation.yield(Engine.LogFrame(stream: .console, payload: chunk))
                    } else {
                        for frame in try demultiplexer.feed(chunk) { continuation.yield(frame) }
                    }
                }
                continuation.finish()
            } catch let failure as LogDemultiplexer.Failure {
                continuation.finish(throwing: EngineError(.stream, "the output of exec \(id) is not multiplexed as expected (\(failure))",
                                                          request: "POST \(path)", cause: failure))
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return EngineStream(frames) {
            pump.cancel()
            raw.cancel()
        }
    }

    /// Starts an exec with its streams attached both ways: the engine hijacks the connection
    /// (`101 Switching Protocols`) and the returned attachment reads the command's output and
    /// writes its stdin (create the exec with `attachStdin` for the latter). With `tty` the output
    /// is raw bytes (one `console` stream), else stdout/stderr frames. The output ends when the
    /// command exits; `inspectExec` then has its code. `consoleSize` (rows, columns) is the TTY's
    /// size from the start where the engine takes it (`features.supportsExecConsoleSize`).
    ///
    /// Maps to `POST /exec/{id}/start` with `Connection: Upgrade`, `Upgrade: tcp`.
    public func attachExec(_ id: String, tty: Bool, consoleSize: (rows: Int, columns: Int)? = nil) async throws -> ExecAttachment {
        let path = "/exec/\(PercentEncoding.segment(id))/start"
        let size = consoleSize.flatMap { tty && features.supportsExecConsoleSize ? [$0.rows, $0.columns] : nil }
        let body = try Self.encoder.encode(Engine.ExecStartRequest(detach: false, tty: tty, consoleSize: size))
        let (_, connection) = try await upgrade(.post, path, body: body)
        return ExecAttachment(connection: connection, tty: tty, request: "POST \(path)")
    }

    /// Sets the size of an exec's TTY (at start, and whenever the local terminal's changes).
    ///
    /// Maps to `POST /exec/{id}/resize?h=&w=`.
    public func resizeExec(_ id: String, height: Int, width: Int) async throws {
        try await send(.post, "/exec/\(PercentEncoding.segment(id))/resize", query: ["h": String(height), "w": String(width)])
    }

    /// Maps to `GET /exec/{id}/json`.
    public func inspectExec(_ id: String) async throws -> Engine.ExecInspect {
        try await get(Engine.ExecInspect.self, "/exec/\(PercentEncoding.segment(id))/json")
    }
}
