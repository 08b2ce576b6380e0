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
    /// (The engine hijacks the connection; libcurl reads it as a body until the engine closes it,
    /// so nothing can be written to the command's stdin.)
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

    /// Maps to `GET /exec/{id}/json`.
    public func inspectExec(_ id: String) async throws -> Engine.ExecInspect {
        try await get(Engine.ExecInspect.self, "/exec/\(PercentEncoding.segment(id))/json")
    }
}
