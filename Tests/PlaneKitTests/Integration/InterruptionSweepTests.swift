#if canImport(Glibc)
import Glibc
#endif
import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// The short CI variant of `scripts/interruption-sweep.sh`: an `up` that replaces every service of
/// the six-profile stack is killed (SIGKILL), interrupted (SIGINT) or terminated (SIGTERM) part way;
/// while it runs no service ever has two containers running, and the next `up` converges with
/// nothing left aside and the published-port service answering again.
@Suite("interrupting an up that replaces everything", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct InterruptionSweepTests {
    static let services = ["proxy", "auth", "dashboard", "media-init", "media", "indexer", "notes", "flow", "telemetry"]

    /// An override that changes every service's definition (so each one is replaced).
    static func everythingChanges(_ generation: Int) -> String {
        "services:\n" + services.map { "  \($0):\n    labels: {dev.plane.test.sweep: \"\(generation)\"}\n" }.joined()
    }

    @Test("SIGKILL at 1 s, SIGINT at 2 s, SIGTERM at 4 s: never two containers of a service running; the next up converges")
    func sweep() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-sweep") { run in
            let first = try await run.plane("up", ["--profile", "*", "--wait"])
            #expect(first.status == 0, "\(first)")
            for (generation, (signal, delay)) in [(SIGKILL, 1.0), (SIGINT, 2.0), (SIGTERM, 4.0)].enumerated() {
                try run.write(Self.everythingChanges(generation + 1), to: "compose.override.yaml")
                let process = try PlaneProcess.start(["up", "-p", run.project, "--profile", "*"] + run.engineArguments,
                                                     in: run.directory, environment: run.environment)
                let until = Date().addingTimeInterval(delay)
                var doubles: [String] = []
                while Date() < until {
                    doubles += try await Self.servicesRunningTwice(run)
                    try await Task.sleep(for: .milliseconds(100))
                }
                kill(process.processIdentifier, signal)
                while process.isRunning {
                    doubles += try await Self.servicesRunningTwice(run)
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(doubles.isEmpty, "signal \(signal) at \(delay) s: running twice: \(Set(doubles))")
                if signal != SIGKILL {
                    #expect([130, 143, 0, 1].contains(process.terminationStatus), "signal \(signal): exit \(process.terminationStatus)")
                }
                let next = try await run.plane("up", ["--profile", "*", "--wait"])
                #expect(next.status == 0, "after signal \(signal) at \(delay) s: \(next)")
                let containers = try await TestEngine.containers(run.project)
                #expect(!containers.contains { ($0.names ?? []).contains { $0.hasSuffix(PlaneLabel.replacedSuffix) } }, "left aside after \(signal)")
                #expect(Set(containers.compactMap(\.name)) == Set(Self.services.map { "\(run.project)-\($0)-1" }), "\(containers.compactMap(\.name))")
                let plan = try await run.plane("plan", ["--profile", "*"])
                #expect(plan.status == 0, "converged after \(signal): \(plan)")
            }
        }
    }

    static func servicesRunningTwice(_ run: StackRun) async throws -> [String] {
        let running = try await TestEngine.containers(run.project).filter { $0.state == "running" || $0.state == "restarting" }
        let byService = Dictionary(grouping: running, by: { $0.labels?[ComposeLabel.service] ?? "" })
        return byService.filter { $0.value.count > 1 }.map { "\($0.key): \($0.value.compactMap(\.name))" }
    }
}
