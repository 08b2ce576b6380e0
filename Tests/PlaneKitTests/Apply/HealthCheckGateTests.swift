import Foundation
import Synchronization
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// `plane health` as the upgrade's gate: a failing check fails the service it names, a stack-wide
/// one every replaced service, skips pass (the v4 case: healthy for Docker, 502 through Traefik).
@Suite("upgrade gate on plane health")
struct HealthCheckGateTests {
    final class CannedHealth: HealthVerifying {
        let results: [HealthResult]
        let asked = Mutex<[String]>([])
        init(results: [HealthResult]) { self.results = results }
        func verify(project: ResolvedProject, services: [String], timeout: Double) async -> HealthReport {
            asked.withLock { $0 = services }
            return HealthReport(project: project.name, services: services, results: results, seconds: 0.1)
        }
    }

    func replaced() throws -> (ResolvedProject, [DesiredService]) {
        let project = try UpFixture.load(try UpFixture.copy("UpStack"))
        let desired = try UpFixture.desired(project, profiles: ["medias"])
        return (project, desired.services.filter { ["media", "indexer"].contains($0.name) })
    }

    @Test("a route answering 502 fails its service only; skips and passes do not fail anything")
    func routeFailure() async throws {
        let (project, services) = try replaced()
        let health = CannedHealth(results: [
            HealthResult(check: "container", service: "indexer", status: .pass, cause: "running, healthy"),
            HealthResult(check: "traefik.route", service: "media", status: .fail, cause: "502: no server answers behind the router"),
            HealthResult(check: "alloy.export", status: .skip, cause: "x-plane.health.alloy is not configured"),
        ])
        let verdict = await HealthCheckGate(project: project, health: health).verdict(on: services, engine: FakeEngine())
        #expect(verdict.failures.keys.sorted() == ["media"])
        #expect(verdict.failures["media"]?.contains("502") == true)
        #expect(health.asked.withLock { $0 } == ["media", "indexer"])
    }

    @Test("a stack-wide failure (Traefik's API down) fails every replaced service; all passing passes")
    func stackWide() async throws {
        let (project, services) = try replaced()
        let down = CannedHealth(results: [HealthResult(check: "traefik.api", status: .fail, cause: "connection refused")])
        let verdict = await HealthCheckGate(project: project, health: down).verdict(on: services, engine: FakeEngine())
        #expect(verdict.failures.keys.sorted() == ["indexer", "media"])
        let fine = CannedHealth(results: [HealthResult(check: "traefik.route", service: "media", status: .pass, cause: "200")])
        #expect(await HealthCheckGate(project: project, health: fine).verdict(on: services, engine: FakeEngine()).passed)
    }
}
