import DockerEngine
import PlaneTestSupport
import Testing
@testable import HealthProbe
@testable import PlaneKit

/// The container passes of `plane health`: a few inspects at a time (`HealthRun.inspectsInFlight`), still
/// one per selected service.
@Suite("Container inspects of plane health")
struct HealthInspectTests {
    static let count = HealthRun.inspectsInFlight * 3 + 1

    static func engine() async throws -> FakeEngine {
        let engine = FakeEngine(images: ["local/busybox:1": "sha256:busybox"])
        for n in 1...count {
            let labels = [ComposeLabel.project: "vm300", ComposeLabel.service: "s\(n)", ComposeLabel.oneoff: "False"]
            _ = try await engine.createContainer(name: "vm300-s\(n)-1", .init(config: .init(image: "local/busybox:1", labels: labels)))
        }
        return engine
    }

    @Test("more containers than inspects in flight: each selected one is inspected once, the others never")
    func everySelectedContainerOnce() async throws {
        let engine = try await Self.engine()
        let services = (1..<Self.count).map { "s\($0)" }
        let found = try await HealthRun(engine: engine, hostname: "test").inspect(project: "vm300", services: services)
        #expect(Set(found.keys) == Set(services))
        let inspected = await engine.calls.filter { $0.call == .inspectContainer }.map(\.target)
        #expect(inspected.count == services.count)
        #expect(Set(inspected).count == services.count)
    }

    @Test("one failed inspect fails the pass")
    func failedInspect() async throws {
        let engine = try await Self.engine()
        let victim = try #require(await engine.container(named: "vm300-s\(Self.count)-1")).id
        await engine.setFailWhen { call, target in call == .inspectContainer && target == victim }
        await #expect(throws: EngineError.self) {
            _ = try await HealthRun(engine: engine, hostname: "test").inspect(project: "vm300", services: (1...Self.count).map { "s\($0)" })
        }
    }
}
