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
    /// Anything but `101` is thrown: a `200` (a proxy that dropped `Upgrade`) is `.unexpectedStatus`.
    ///
    /// Maps to `POST /exec/{id}/start` with `Connection: Upgrade`, `Upgrade: tcp`.
    public func attachExec(_ id: String, tty: Bool, consoleSize: (rows: Int, columns: Int)? = nil) async throws -> ExecAttachment {
        let path = "/exec/\(PercentEncoding.segment(id))/start"
        let size = consoleSize.flatMap { tty && features.supportsExecConsoleSize ? [$0.rows, $0.columns] : nil }
        let body = try Self.encoder.encode(Engine.ExecStartRequest(detach: false, tty: tty, consoleSize: size))
        let (head, connection) = try await upgrade(.post, path, body: body)
        guard head.status == 101 else {
            // The engine answers 101 to a request with Upgrade; a 200 means something in between
            // dropped the header and will not carry the command's stdin (it reads what follows
            // as the next request).
            connection.close()
            throw EngineError(
                .unexpectedStatus(status: head.status),
                "\(endpoint) answered POST \(path) with HTTP \(head.status) instead of 101 Switching Protocols: "
                    + "a proxy in front of the engine did not pass the connection upgrade, so the command's stdin cannot reach it "
                    + "(the command was started and gets no input)",
                hint: "HAProxy 2.4 and later drop Upgrade from a request with a body until their fix of haproxy/haproxy#2684; "
                    + "upgrade the proxy, run without stdin (-T --no-interactive), or point plane at the Docker socket",
                request: "POST \(path)")
        }
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
