import Foundation
import Synchronization
import PlaneTestSupport
import Testing
@testable import PlaneKit

/// `plane health` as the upgrade's gate: a failing check fails the service it names, a stack-wide
/// one every replaced service, skips pass (the v4 case: healthy for Docker, 502 through Traefik).
@Suite("upgrade gate on plane health")
struct HealthCheckGateTests {
    /// Answers `results`; with `then`, the first `times` runs answer `results` and the later ones `then`.
    final class CannedHealth: HealthVerifying {
        let results: [HealthResult]
        let then: [HealthResult]?
        let times: Int
        let asked = Mutex<[String]>([])
        let runs = Mutex(0)
        init(results: [HealthResult], then: [HealthResult]? = nil, times: Int = 0) {
            self.results = results
            self.then = then
            self.times = times
        }
        func verify(project: ResolvedProject, services: [String], timeout: Double) async -> HealthReport {
            asked.withLock { $0 = services }
            let run = runs.withLock { $0 += 1; return $0 }
            let answer = then.map { run > times ? $0 : results } ?? results
            return HealthReport(project: project.name, services: services, results: answer, seconds: 0.1)
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
        let verdict = await HealthCheckGate(project: project, health: health, waitsForContainers: false).verdict(on: services, engine: FakeEngine())
        #expect(verdict.failures.keys.sorted() == ["media"])
        #expect(verdict.failures["media"]?.contains("502") == true)
        #expect(health.asked.withLock { $0 } == ["media", "indexer"])
    }

    @Test("a stack-wide failure (Traefik's API down) fails every replaced service; all passing passes")
    func stackWide() async throws {
        let (project, services) = try replaced()
        let down = CannedHealth(results: [HealthResult(check: "traefik.api", status: .fail, cause: "connection refused")])
        let verdict = await HealthCheckGate(project: project, health: down, waitsForContainers: false).verdict(on: services, engine: FakeEngine())
        #expect(verdict.failures.keys.sorted() == ["indexer", "media"])
        let fine = CannedHealth(results: [HealthResult(check: "traefik.route", service: "media", status: .pass, cause: "200")])
        #expect(await HealthCheckGate(project: project, health: fine, waitsForContainers: false).verdict(on: services, engine: FakeEngine()).passed)
    }

    static let notYet = HealthResult(check: "traefik.router", service: "media", status: .fail,
                                     cause: "router media@docker is not in Traefik: its container is stopped, unhealthy, starting or not enabled")
    static let stale = HealthResult(check: "traefik.router", service: "media", status: .fail, cause: "service media@docker does not point at the container")

    @Test("Traefik not caught up with the new container (router missing, then the old address): checked again until it is, then judged")
    func waitsForTraefik() async throws {
        let (project, services) = try replaced()
        let health = CannedHealth(results: [Self.notYet], then: [HealthResult(check: "traefik.route", service: "media", status: .pass, cause: "200")], times: 2)
        // A bound no loaded CI run reaches (it once took 97 s for two 10 ms sleeps): the checks, not the clock.
        let gate = HealthCheckGate(project: project, health: health, propagation: .seconds(600), retryInterval: .milliseconds(10), waitsForContainers: false)
        #expect(await gate.verdict(on: services, engine: FakeEngine()).passed)
        #expect(health.runs.withLock { $0 } == 3)

        // Caught up, and the route answers 502: that decides.
        let bad = CannedHealth(results: [Self.stale], then: [HealthResult(check: "traefik.route", service: "media", status: .fail, cause: "502: the backend refused the connection")], times: 1)
        let verdict = await HealthCheckGate(project: project, health: bad, propagation: .seconds(600), retryInterval: .milliseconds(10), waitsForContainers: false).verdict(on: services, engine: FakeEngine())
        #expect(verdict.failures["media"]?.contains("502") == true, "\(verdict)")
        #expect(bad.runs.withLock { $0 } == 2)
    }

    @Test("a router that never appears fails once the propagation bound is spent; any other failure is not waited for")
    func boundedWait() async throws {
        let (project, services) = try replaced()
        let never = CannedHealth(results: [Self.notYet])
        let verdict = await HealthCheckGate(project: project, health: never, propagation: .seconds(1), retryInterval: .milliseconds(100), waitsForContainers: false)
            .verdict(on: services, engine: FakeEngine())
        #expect(verdict.failures["media"]?.contains("is not in Traefik") == true)
        // At most one run per interval inside the bound (a loaded run may manage only the first).
        let runs = never.runs.withLock { $0 }
        #expect(runs >= 1 && runs <= 11, "\(runs)")
        let route = CannedHealth(results: [Self.notYet, HealthResult(check: "traefik.route", service: "media", status: .fail, cause: "502: the backend refused the connection")])
        _ = await HealthCheckGate(project: project, health: route, propagation: .seconds(10), retryInterval: .milliseconds(10), waitsForContainers: false).verdict(on: services, engine: FakeEngine())
        #expect(route.runs.withLock { $0 } == 1, "a 502 beside a missing router decides at once")
    }

    @Test("deploy.update_config.monitor reaches Docker's gate also when plane health is chained after it (AllGates, as plane upgrade runs them)")
    func monitorThroughAllGates() async throws {
        let (project, _) = try replaced()
        let chained = AllGates([ContainerHealthGate(monitor: .seconds(2)), HealthCheckGate(project: project, health: CannedHealth(results: []))])
        let widened = try #require(Upgrade.gate(chained, monitor: .seconds(15)) as? AllGates)
        #expect((widened.gates.first as? ContainerHealthGate)?.monitor == .seconds(15))
        #expect(widened.gates.count == 2 && widened.gates.last is HealthCheckGate)
        #expect((Upgrade.gate(ContainerHealthGate(monitor: .seconds(20)), monitor: .seconds(15)) as? ContainerHealthGate)?.monitor == .seconds(20))
    }

    /// A gate that marks itself started, then waits (bounded) for `other` to have started too, or sleeps.
    final class ProbeGate: UpgradeGate, @unchecked Sendable {
        let started = Mutex(false)
        let cancelled = Mutex(false)
        let failure: String?
        var waitFor: ProbeGate?
        init(failure: String?, waitFor: ProbeGate? = nil) {
            self.failure = failure
            self.waitFor = waitFor
        }
        func verdict(on services: [DesiredService], engine: any ContainerEngine) async -> GateVerdict {
            started.withLock { $0 = true }
            if let waitFor {
                for _ in 0..<1000 where !waitFor.started.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(10)) }
                if !waitFor.started.withLock({ $0 }) { return GateVerdict(failures: ["media": "the other gate never started while this one ran"]) }
            } else if failure == nil {
                do { try await Task.sleep(for: .seconds(60)) } catch { cancelled.withLock { $0 = true } }
            }
            return GateVerdict(failures: failure.map { ["media": $0] } ?? [:])
        }
    }

    @Test("AllGates runs its gates at once: plane health during Docker's monitor window; the first failure decides and cancels the others")
    func gatesConcurrently() async throws {
        let (_, services) = try replaced()
        let late = ProbeGate(failure: nil, waitFor: nil)
        let first = ProbeGate(failure: "502 through Traefik", waitFor: late)
        let verdict = await AllGates([late, first]).verdict(on: services, engine: FakeEngine())
        #expect(verdict.failures["media"] == "502 through Traefik", "\(verdict)")
        #expect(late.cancelled.withLock { $0 }, "the gate still running was cancelled")
        // Each waits for the other to have started: both pass only when they run at the same time.
        let a = ProbeGate(failure: nil), b = ProbeGate(failure: nil, waitFor: a)
        a.waitFor = b
        let together = await AllGates([a, b]).verdict(on: services, engine: FakeEngine())
        #expect(together.passed, "\(together)")
    }

    @Test("plane health is not asked before Docker's view holds (after a failed replacement the restored container may still be starting)")
    func containersFirst() async throws {
        let (project, services) = try replaced()
        let health = CannedHealth(results: [])
        let verdict = await HealthCheckGate(project: project, health: health, timeout: 1).verdict(on: services, engine: FakeEngine())
        #expect(!verdict.passed && verdict.failures["media"]?.contains("cannot inspect") == true, "\(verdict)")
        #expect(health.runs.withLock { $0 } == 0)
    }
}
