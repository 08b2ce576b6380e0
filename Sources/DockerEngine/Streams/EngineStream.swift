/// An asynchronous sequence of values read from a long-lived Engine response (events, followed
/// logs, raw body chunks).
///
/// The transfer behind it stops when the consumer is done: when iteration is cancelled, when
/// `cancel()` is called, or when the last copy of the sequence and of its iterators is dropped.
/// (A plain `AsyncThrowingStream` cannot notice the last one: its producer keeps it alive.)
public struct EngineStream<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = any Error

    let base: AsyncThrowingStream<Element, any Error>
    let lease: StreamLease

    init(_ base: AsyncThrowingStream<Element, any Error>, onRelease: @escaping @Sendable () -> Void) {
        self.base = base
        self.lease = StreamLease(onRelease)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), lease: lease)
    }

    /// Stops the transfer now; iteration then ends (with `CancellationError` or normally).
    public func cancel() { lease.release() }

    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Element, any Error>.Iterator
        let lease: StreamLease

        public mutating func next() async throws -> Element? {
            try await base.next()
        }
    }
}

/// Runs its release action once: explicitly, or when the last holder lets go.
final class StreamLease: Sendable {
    private let action: @Sendable () -> Void

    init(_ action: @escaping @Sendable () -> Void) { self.action = action }

    /// Idempotent by contract of every action given (they set flags or cancel tasks).
    func release() { action() }

    deinit { action() }
}
