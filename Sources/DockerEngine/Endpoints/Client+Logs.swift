#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Engine.Client {
    /// The container's logs so far, demultiplexed into stdout/stderr frames (one `console` stream
    /// for TTY containers).
    ///
    /// Maps to `GET /containers/{id}/logs?follow=0`.
    ///
    /// One buffered request (no stream). Before API 1.42 nothing in the answer says whether it is
    /// multiplexed and `options.tty` is unknown: instead of asking the container first (a second
    /// round trip per container), the whole body decides. A multiplexed body is an exact sequence of
    /// well-formed frames (stream byte 0-2, three zero bytes, a length the rest honours); a TTY
    /// container's output is raw text, which does not parse so (it would need NUL bytes at every
    /// frame boundary and lengths landing exactly on the end).
    public func logs(_ id: String, options: Engine.LogOptions = .init()) async throws -> [Engine.LogFrame] {
        let path = "/containers/\(PercentEncoding.segment(id))/logs"
        let response = try await send(.get, path, query: Self.logQuery(options, follow: false), timeout: .unbounded)
        let body = response.body
        let contentType = response.headers["Content-Type"] ?? ""
        let raw = [Engine.LogFrame(stream: .console, payload: body)].filter { !$0.payload.isEmpty }
        if contentType.contains("raw-stream") || (!contentType.contains("multiplexed-stream") && options.tty == true) { return raw }
        if let frames = LogDemultiplexer.wholeFrames(of: body) { return frames }
        if contentType.contains("multiplexed-stream") || options.tty == false {
            throw EngineError(
                .stream, "the logs of \(id) are not multiplexed as expected (the body is not a whole sequence of frames)",
                hint: "was the container created with Tty: true? pass LogOptions(tty: true)", request: "GET \(path)")
        }
        return raw
    }

    static func logQuery(_ options: Engine.LogOptions, follow: Bool) -> Query {
        [
            "stdout": options.stdout ? "1" : "0", "stderr": options.stderr ? "1" : "0",
            "timestamps": options.timestamps ? "1" : nil, "tail": options.tail.map(String.init),
            "since": options.since, "follow": follow ? "1" : "0",
        ]
    }

    /// Follows the container's logs until it stops or the consumer stops iterating.
    ///
    /// Maps to `GET /containers/{id}/logs?follow=1`.
    public func followLogs(_ id: String, options: Engine.LogOptions = .init()) async throws -> EngineStream<Engine.LogFrame> {
        try await openLogs(id, options: options, follow: true)
    }

    private func openLogs(_ id: String, options: Engine.LogOptions, follow: Bool) async throws -> EngineStream<Engine.LogFrame> {
        let path = "/containers/\(PercentEncoding.segment(id))/logs"
        // Before 1.42 nothing in the answer says whether it is multiplexed: ask the container.
        var tty = options.tty
        if tty == nil && !features.logsDeclareContentType {
            tty = try await get(TTYSetting.self, "/containers/\(PercentEncoding.segment(id))/json").config?.tty ?? false
        }
        let (head, body) = try await openStream(
            .get, path,
            query: Self.logQuery(options, follow: follow))
        let contentType = head.headers["Content-Type"] ?? ""
        let raw = contentType.contains("raw-stream") || (!contentType.contains("multiplexed-stream") && tty == true)
        let request = "GET \(path)"

        let (frames, continuation) = AsyncThrowingStream<Engine.LogFrame, any Error>.makeStream()
        let pump = Task {
            var demultiplexer = LogDemultiplexer()
            do {
                for try await chunk in body {
                    if raw {
                        continuation.yield(Engine.LogFrame(stream: .console, payload: chunk))
                        continue
                    }
                    for frame in try demultiplexer.feed(chunk) { continuation.yield(frame) }
                }
                if demultiplexer.leftoverByteCount > 0 {
                    throw EngineError(
                        .stream, "the log stream of \(id) ended inside a frame (\(demultiplexer.leftoverByteCount) bytes left)",
                        request: request)
                }
                continuation.finish()
            } catch let failure as LogDemultiplexer.Failure {
                continuation.finish(throwing: EngineError(
                    .stream, "the log stream of \(id) is not multiplexed as expected (\(failure))",
                    hint: "was the container created with Tty: true? pass LogOptions(tty: true)",
                    request: request, cause: failure))
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return EngineStream(frames) {
            pump.cancel()
            body.cancel()
        }
    }
}

/// The one field of `GET /containers/{id}/json` a log stream needs (`Config.Tty`): decoding the
/// whole `ContainerInspect` for it cost `plane logs` on 28 containers more than the logs did.
private struct TTYSetting: Decodable {
    struct Config: Decodable {
        var tty: Bool?
        enum CodingKeys: String, CodingKey { case tty = "Tty" }
    }
    var config: Config?
    enum CodingKeys: String, CodingKey { case config = "Config" }
}
