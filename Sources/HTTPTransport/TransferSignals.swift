import Synchronization

/// Set from any thread; read by curl's progress callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)
    func set() { state.store(true, ordering: .releasing) }
    var isSet: Bool { state.load(ordering: .acquiring) }
}

/// A continuation that may be resumed from several places, of which only the first counts.
final class OneShotContinuation<Value: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Value, any Error>?, done: Bool, early: Result<Value, any Error>?)>((nil, false, nil))

    func install(_ continuation: CheckedContinuation<Value, any Error>) {
        let early: Result<Value, any Error>? = state.withLock { state in
            if let early = state.early { state.early = nil; return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Returns false when an earlier call already resumed.
    @discardableResult
    func resume(with result: Result<Value, any Error>) -> Bool {
        let action: (CheckedContinuation<Value, any Error>?, Bool) = state.withLock { state in
            guard !state.done else { return (nil, false) }
            state.done = true
            if let continuation = state.continuation {
                state.continuation = nil
                return (continuation, true)
            }
            state.early = result
            return (nil, true)
        }
        action.0?.resume(with: result)
        return action.1
    }
}
