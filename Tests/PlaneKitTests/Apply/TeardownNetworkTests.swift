import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// `down`'s network removal on the in-memory engine, which refuses to remove a network with
/// endpoints as dockerd does, and can keep a removed container's endpoint for a few more removals
/// (dockerd 20.10 answers the removal before libnetwork lets go of it: compose's `down` failed on
/// exactly that in CI, "network ..._default ... has active endpoints").
@Suite("down: removing the project's network")
struct TeardownNetworkTests {
    /// The project of `SharedContainerTests` deployed, then the plan of `down`.
    static func downPlan(_ engine: FakeEngine, _ dir: URL) async throws -> Plan {
        let project = try SharedContainerTests.load(dir)
        return try await Convergence.prepareDown(project: project, profiles: [], services: [], engine: engine, options: Teardown.Options(timeout: 0))
    }

    @Test("the last container's endpoint still held for three removals: the network is asked again and removed")
    func endpointReleasedLate() async throws {
        let (dir, engine) = try await SharedContainerTests.deployed()
        #expect(await engine.networks["sh_default"] != nil)
        await engine.setEndpointLag(3)
        let plan = try await Self.downPlan(engine, dir)
        #expect(plan.text.contains("remove network sh_default"), "\(plan.text)")
        try await Executor(engine: engine).run(plan)
        #expect(await engine.networks["sh_default"] == nil)
        #expect(await engine.containers.isEmpty)
        let attempts = await engine.calls.filter { $0.call == .removeNetwork && $0.target == "sh_default" }.count
        #expect(attempts == 4, "\(attempts) removals")
    }

    @Test("a container of another project still attached: the removal fails after the wait, naming the endpoints")
    func foreignEndpointStays() async throws {
        let (dir, engine) = try await SharedContainerTests.deployed()
        var host = Engine.HostConfig()
        host.networkMode = "sh_default"
        var config = Engine.ContainerConfig()
        config.image = SharedContainerTests.image
        _ = try await engine.createContainer(name: "stranger", Engine.ContainerCreateRequest(config: config, hostConfig: host))
        let plan = try await Self.downPlan(engine, dir)
        var executor = Executor(engine: engine)
        executor.endpointRelease = .milliseconds(300)
        let clock = ContinuousClock(), start = clock.now
        do {
            try await executor.run(plan)
            Issue.record("down removed a network a stranger is attached to")
        } catch {
            #expect(error.reason.contains("has active endpoints"), "\(error)")
        }
        #expect(clock.now - start >= .milliseconds(300))
        #expect(await engine.networks["sh_default"] != nil)
        #expect(await engine.containers.map(\.name) == ["stranger"])
    }
}
