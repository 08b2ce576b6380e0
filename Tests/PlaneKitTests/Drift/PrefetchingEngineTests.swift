import DockerEngine
import Foundation
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// The engine read while the project loads (`PrefetchingEngine`, issue 12): each prefetched answer is
/// used once, by the read that asks the same question, and everything else reaches the engine.
@Suite("Engine reads prefetched while the project loads")
struct PrefetchingEngineTests {
    typealias Fixture = DeploymentFakeEngineTests

    /// A converged ten-service project on the fake engine, its calls forgotten.
    static func converged() async throws -> (dir: URL, engine: FakeEngine, project: ResolvedProject) {
        let engine = FakeEngine(images: [Fixture.image: "sha256:busybox1"])
        let dir = try Fixture.project(version: "1")
        let state = dir.appendingPathComponent("state")
        _ = try await Fixture.up(dir, engine, MemoryHistory(), state: state)
        let project = try ProjectLoader.load(ProjectOptions(profiles: ["*"], environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
        return (dir, engine, project)
    }

    static func count(_ engine: FakeEngine, _ call: EngineCall, from start: Int = 0) async -> Int {
        await engine.calls.dropFirst(start).filter { $0.call == call }.count
    }

    static func check(_ project: ResolvedProject, _ engine: any ContainerEngine) async throws -> DriftCheck.Report {
        try await DriftCheck(project: project, request: UpRequest(), engine: engine, key: UpFixture.key).run(history: nil)
    }

    @Test("a drift check through the prefetch: the same report, and no read made twice")
    func sameReportNoExtraRead() async throws {
        let (_, engine, project) = try await Self.converged()
        try await engine.stopContainer(try #require(await engine.container(named: "fake-s3-1")).id, timeout: 0)

        var start = await engine.calls.count
        let direct = try await Self.check(project, engine)
        let directInspects = await Self.count(engine, .inspectContainer, from: start)
        let directLists = await Self.count(engine, .listContainers, from: start)

        start = await engine.calls.count
        let prefetching = PrefetchingEngine(engine, project: "fake")
        let viaPrefetch = try await Self.check(project, prefetching)
        await prefetching.settle()
        #expect(viaPrefetch.items == direct.items)
        #expect(viaPrefetch.items.map(\.code) == ["stopped"], "\(viaPrefetch.items)")
        #expect(await Self.count(engine, .listContainers, from: start) == directLists)
        #expect(await Self.count(engine, .inspectContainer, from: start) == directInspects)
        #expect(directInspects == 10)
    }

    @Test("each answer is served once: the second read, and a read after a write, reach the engine and see the write")
    func servedOnce() async throws {
        let (_, engine, _) = try await Self.converged()
        let prefetching = PrefetchingEngine(engine, project: "fake")
        let byProject = Engine.Filters.label(ComposeLabel.project, "fake")
        let start = await engine.calls.count

        let first = try await prefetching.listContainers(all: true, filters: byProject)
        #expect(await Self.count(engine, .listContainers, from: start) == 1)
        let id = try #require(first.first { $0.name == "fake-s1-1" }?.id)
        _ = try await prefetching.inspectContainer(id)
        await prefetching.settle()
        let inspectsAfterPrefetch = await Self.count(engine, .inspectContainer, from: start)
        #expect(inspectsAfterPrefetch == 10, "one speculative inspect per listed container")

        _ = try await prefetching.stopContainer(id, timeout: 0)
        let again = try await prefetching.listContainers(all: true, filters: byProject)
        #expect(await Self.count(engine, .listContainers, from: start) == 2)
        #expect(again.first { $0.id == id }?.state == "exited")
        let inspected = try await prefetching.inspectContainer(id)
        #expect(await Self.count(engine, .inspectContainer, from: start) == inspectsAfterPrefetch + 1)
        #expect(inspected.state?.status == "exited")
    }

    @Test("questions nobody prefetched go to the engine: another project's list, running containers only, filtered networks")
    func otherQuestions() async throws {
        let (_, engine, _) = try await Self.converged()
        let prefetching = PrefetchingEngine(engine, project: "fake")
        await prefetching.settle()
        let start = await engine.calls.count
        #expect(try await prefetching.listContainers(all: true, filters: .label(ComposeLabel.project, "other")).isEmpty)
        #expect(try await prefetching.listContainers(all: false, filters: .label(ComposeLabel.project, "fake")).count == 10)
        _ = try await prefetching.listNetworks(filters: .label(ComposeLabel.project, "fake"))
        #expect(await Self.count(engine, .listContainers, from: start) == 2)
        #expect(await Self.count(engine, .listNetworks, from: start) == 1)
        // the prefetched answers are still there for the questions they answer
        #expect(try await prefetching.listContainers(all: true, filters: .label(ComposeLabel.project, "fake")).count == 10)
        #expect(await Self.count(engine, .listContainers, from: start) == 2)
    }
}
