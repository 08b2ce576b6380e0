import Synchronization

/// Up to `capacity` idle easy handles, reset between requests so their connections are reused.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlEasy]>([])
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func take() throws(CurlFailure) -> CurlEasy {
        if let easy = idle.withLock({ $0.popLast() }) { return easy }
        return try CurlEasy()
    }

    func giveBack(_ easy: CurlEasy) {
        // A handle that cannot be reset is dropped (deinit frees it).
        guard (try? easy.reset()) != nil else { return }
        idle.withLock { handles in
            if handles.count < capacity { handles.append(easy) }
        }
    }
}
