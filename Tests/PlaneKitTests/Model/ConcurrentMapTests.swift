import Foundation
import PlaneKit
import Testing

@Suite("concurrentMap: bounded, in order")
struct ConcurrentMapTests {
    /// Counts the calls running at once and the most ever seen.
    actor InFlight {
        private(set) var now = 0, most = 0
        func enter() { now += 1; most = max(most, now) }
        func leave() { now -= 1 }
    }

    struct Boom: Error {}

    @Test("results in the elements' order; never more than `width` calls at once, and `width` reached")
    func orderAndWidth() async {
        for width in [1, 4, 50] {
            let counter = InFlight()
            let input = Array(0..<20)
            let output = await input.concurrentMap(width: width) { n in
                await counter.enter()
                // Later elements finish first: the order comes from the index, not the completion.
                try? await Task.sleep(for: .milliseconds(2 * (20 - n)))
                await counter.leave()
                return n * 10
            }
            #expect(output == input.map { $0 * 10 })
            #expect(await counter.most == min(width, input.count), "width \(width)")
        }
        #expect(await [Int]().concurrentMap(width: 4) { $0 }.isEmpty)
        #expect(await [1, 2].concurrentMap(width: 0) { $0 } == [1, 2], "a width under 1 still runs one at a time")
    }

    @Test("the throwing form rethrows the first error and starts nothing after it")
    func throwing() async {
        let started = InFlight()
        await #expect(throws: Boom.self) {
            _ = try await Array(0..<100).concurrentMap(width: 2) { n -> Int in
                await started.enter()
                if n == 3 { throw Boom() }
                return n
            }
        }
        // 0 and 1, then one more as each ends: 2, 3 (throws) and at most 4 beside it.
        let counted = await started.now
        #expect(counted <= 5, "\(counted) calls started: the ones after the error were not")
    }
}
