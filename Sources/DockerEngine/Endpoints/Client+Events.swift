#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Engine.Client {
    /// Subscribes to events. Returns once the engine has accepted the subscription, so an action
    /// taken after this call returns is seen. The stream ends when the engine closes it, at
    /// `until`, or when the consumer stops iterating; a line that is not an event ends it with
    /// `EngineError` code `.stream`.
    ///
    /// Typical filters: `["type": ["container"], "label": ["k=v"], "event": ["start", "die", "health_status"]]`.
    /// To resume after a reconnect, pass the last event's `time` as `since`.
    ///
    /// Maps to `GET /events?filters=&since=&until=`.
    public func events(filters: Engine.Filters = [:], since: String? = nil, until: String? = nil) async throws -> EngineStream<Engine.Event> {
        let (_, body) = try await openStream(
            .get, "/events", query: ["since": since, "until": until, "filters": filters.queryValue])
        let (events, continuation) = AsyncThrowingStream<Engine.Event, any Error>.makeStream()
        let pump = Task {
            var splitter = LineSplitter()
            do {
                for try await chunk in body {
                    for line in splitter.feed(chunk) { continuation.yield(try Self.decodeEvent(line)) }
                }
                if let last = splitter.finish() { continuation.yield(try Self.decodeEvent(last)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return EngineStream(events) {
            pump.cancel()
            body.cancel()
        }
    }

    private static func decodeEvent(_ line: Data) throws -> Engine.Event {
        do {
            return try JSONDecoder().decode(Engine.Event.self, from: line)
        } catch {
            throw EngineError(
                .stream, "the event stream sent a line that is not an event (\(DecodingErrorSummary(error)))",
                request: "GET /events", cause: error)
        }
    }
}
