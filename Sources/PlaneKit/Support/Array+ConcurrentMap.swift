extension Array where Element: Sendable {
    /// `transform` of each element, in the elements' order, at most `width` running at once: a new one
    /// starts as one ends. Bounded because each call to the engine or a health endpoint holds a thread,
    /// a curl handle and its buffers while it waits.
    public func concurrentMap<Value: Sendable>(width: Int, _ transform: @escaping @Sendable (Element) async -> Value) async -> [Value] {
        await withTaskGroup(of: (Int, Value).self) { group in
            var next = 0
            func startNext() {
                guard next < count else { return }
                let index = next, element = self[index]
                group.addTask { (index, await transform(element)) }
                next += 1
            }
            for _ in 0..<Swift.max(width, 1) { startNext() }
            var results = [Value?](repeating: nil, count: count)
            while let (index, value) = await group.next() {
                results[index] = value
                startNext()
            }
            return results.map { $0! }
        }
    }

    /// As the non-throwing form; the first error thrown cancels the calls still running and is rethrown.
    public func concurrentMap<Value: Sendable>(width: Int, _ transform: @escaping @Sendable (Element) async throws -> Value) async throws -> [Value] {
        try await withThrowingTaskGroup(of: (Int, Value).self) { group in
            var next = 0
            func startNext() {
                guard next < count else { return }
                let index = next, element = self[index]
                group.addTask { (index, try await transform(element)) }
                next += 1
            }
            for _ in 0..<Swift.max(width, 1) { startNext() }
            var results = [Value?](repeating: nil, count: count)
            while let (index, value) = try await group.next() {
                results[index] = value
                startNext()
            }
            return results.map { $0! }
        }
    }
}
