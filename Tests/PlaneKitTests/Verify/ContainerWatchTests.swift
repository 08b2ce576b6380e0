import PlaneTestSupport
import Testing
@testable import PlaneKit

/// When the shared watch looks at a container: its 500 ms grid, anchored on a started container's
/// first health probe, and the 25 ms ticks right after that probe is due.
@Suite("ContainerWatch ticks")
struct ContainerWatchTests {
    @Test("a started container: the grid falls on its first probe's due moment, then 25 ms ticks for 500 ms, then the grid again")
    func ticksAroundTheFirstProbe() async {
        let watch = ContainerWatch(engine: FakeEngine(), interval: .milliseconds(500))
        let start = ContinuousClock.now
        await watch.started("app-1", at: start, probeInterval: .seconds(1))
        let due = start + .seconds(1)
        #expect(await watch.nextTick("app-1", after: start) == start + .milliseconds(500))
        #expect(await watch.nextTick("app-1", after: start + .milliseconds(500)) == due)
        #expect(await watch.nextTick("app-1", after: due) == due + .milliseconds(25))
        #expect(await watch.nextTick("app-1", after: due + .milliseconds(30)) == due + .milliseconds(50))
        #expect(await watch.nextTick("app-1", after: due + .milliseconds(490)) == due + .milliseconds(500))
        #expect(await watch.nextTick("app-1", after: due + .milliseconds(500)) == due + .seconds(1))
    }

    @Test("a container not started by the run: the run's own 500 ms grid, no fine ticks")
    func plainGrid() async {
        let watch = ContainerWatch(engine: FakeEngine(), interval: .milliseconds(500))
        let origin = await watch.origin
        #expect(await watch.nextTick("db-1", after: origin) == origin + .milliseconds(500))
        #expect(await watch.nextTick("db-1", after: origin + .milliseconds(510)) == origin + .seconds(1))
    }
}
