#if canImport(Glibc)
import Glibc
#endif
import DockerEngine
import Foundation
import TestPrograms
import Testing
@testable import PlaneKit

/// On the real dockerd: a replacement that crash-loops or turns unhealthy is rolled back (the old
/// container runs again with its old ID), two `up` at once are serialised by the run lock, SIGINT
/// mid-replacement puts the old container back, and `plane plan` exits 0/2/1.
@Suite("replacements are proven, interrupted or not", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct ReplacementSafetyTests {
    /// `up --profile core` and the IDs it left.
    static func upCore(_ run: StackRun) async throws -> [String: String] {
        let first = try await run.plane("up", ["--profile", "core", "--wait"])
        #expect(first.status == 0, "\(first)")
        return try await TestEngine.ids(run.project)
    }

    static func expectOldBack(_ run: StackRun, _ before: [String: String], _ service: String) async throws {
        let name = "\(run.project)-\(service)-1"
        let after = try await TestEngine.containers(run.project)
        let back = after.first { $0.names?.contains("/\(name)") == true }
        #expect(back?.id == before[name], "the old \(service) container is back under its name")
        #expect(back?.state == "running", "\(back?.status ?? "missing")")
        #expect(!after.contains { ($0.names ?? []).contains { $0.hasSuffix(PlaneLabel.replacedSuffix) } }, "nothing left aside")
        #expect(after.filter { $0.labels?[ComposeLabel.service] == service }.count == 1, "one container of \(service)")
    }

    @Test("a replacement running /bin/false: exit 1 naming the restart loop, the old container runs again with its old ID")
    func crashLoopRollsBack() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-loop") { run in
            let before = try await Self.upCore(run)
            try run.write("services:\n  auth:\n    command: [\"/bin/false\"]\n", to: "compose.override.yaml")
            let second = try await run.plane("up", ["--profile", "core"])
            #expect(second.status == 1, "\(second)")
            #expect(second.stderr.contains("restart loop"), "\(second)")
            #expect((second.stdout + second.stderr).contains("restored \(run.project)-auth-1"), "\(second)")
            try await Self.expectOldBack(run, before, "auth")
        }
    }

    @Test("a replacement whose healthcheck fails: exit 1 naming the failed checks, the old container runs again")
    func unhealthyRollsBack() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-sick") { run in
            let before = try await Self.upCore(run)
            try run.write("""
                services:
                  auth:
                    healthcheck:
                      test: ["CMD", "/bin/busybox", "false"]
                      interval: 1s
                      retries: 2

                """, to: "compose.override.yaml")
            let second = try await run.plane("up", ["--profile", "core"])
            #expect(second.status == 1, "\(second)")
            #expect(second.stderr.contains("healthcheck failed"), "\(second)")
            #expect(!second.stderr.contains("0 failed checks"), "\(second)")
            try await Self.expectOldBack(run, before, "auth")
        }
    }

    @Test("two plane up at once: exactly one runs, the other exits 4 naming the lock holder; with --lock-timeout it waits")
    func runLock() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-lock") { run in
            async let a = run.plane("up", ["--profile", "core", "--wait"])
            async let b = run.plane("up", ["--profile", "core", "--wait"])
            let results = try await [a, b]
            let statuses = results.map(\.status).sorted()
            #expect(statuses == [0, 4], "\(results)")
            let skipped = results.first { $0.status == 4 }
            #expect(skipped?.stderr.contains("skipped: locked by PID ") == true, "\(results)")
            try run.write("PROXY_MODE=edge\nPROXY_LOG=debug\n", to: "env/proxy.env")
            async let c = run.plane("up", ["--profile", "core", "--wait", "--lock-timeout", "120"])
            async let d = run.plane("up", ["--profile", "core", "--wait", "--lock-timeout", "120"])
            let waited = try await [c, d]
            #expect(waited.map(\.status) == [0, 0], "\(waited)")
            #expect(waited.contains { $0.stdout.contains("nothing to do") || $0.stdout.contains("nothing to change") }, "the second finds nothing to do: \(waited.map { $0.stdout + $0.stderr })")
        }
    }

    @Test("SIGINT in the middle of up's replacement, SIGTERM in the middle of drift --fix's (a timer's unit stopped): the old container runs again, exit 130 / 143",
          arguments: ["up", "drift"])
    func sigintRestores(command: String) async throws {
        let signal = command == "up" ? SIGINT : SIGTERM
        try await StackRun.with("UpStack", prefix: "plane-it-sig\(command)") { run in
            let before = try await Self.upCore(run)
            // The new auth never becomes healthy in time: its proof is still pending when SIGINT comes.
            try run.write("""
                services:
                  auth:
                    healthcheck:
                      test: ["CMD", "/bin/busybox", "sleep", "60"]
                      interval: 30s
                      timeout: 90s

                """, to: "compose.override.yaml")
            let err = run.state.appendingPathComponent("sigint.err")
            FileManager.default.createFile(atPath: err.path, contents: nil)
            let process = try TestProgram(try #require(PlaneProcess.binary),
                                          (command == "up" ? ["up"] : ["drift", "--fix"]) + ["-p", run.project, "--profile", "core"] + run.engineArguments,
                                          in: run.directory, environment: ["PATH": "/usr/bin:/bin"].merging(run.environment) { $1 }, errors: err.path)
            // Wait until the old container is aside and stopped (the new one started).
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let containers = try await TestEngine.containers(run.project)
                if containers.contains(where: { ($0.names ?? []).contains { $0.hasSuffix(PlaneLabel.replacedSuffix) } && $0.state == "exited" }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            kill(process.processIdentifier, signal)
            await process.exit(timeout: 60)
            let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            #expect(process.terminationSignal == nil && process.terminationStatus == 128 + signal, "\(stderr)")
            #expect(stderr.contains("interrupted"), "\(stderr)")
            try await Self.expectOldBack(run, before, "auth")
        }
    }

    @Test("plane plan: 0 nothing to do, 2 changes pending, 1 blocked; up after a plan with changes converges")
    func planExitCodes() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-plan") { run in
            let cold = try await run.plane("plan", ["--profile", "core"])
            #expect(cold.status == 2, "\(cold)")
            _ = try await Self.upCore(run)
            let none = try await run.plane("plan", ["--profile", "core"])
            #expect(none.status == 0 && none.stdout.hasPrefix("no changes"), "\(none)")
            try run.write("PROXY_MODE=edge\nPROXY_LOG=debug\n", to: "env/proxy.env")
            let pending = try await run.plane("plan", ["--profile", "core"])
            #expect(pending.status == 2, "\(pending)")
            let up = try await run.plane("up", ["--profile", "core"])
            #expect(up.status == 0, "\(up)")
            #expect(try await run.plane("plan", ["--profile", "core"]).status == 0)
            try run.write("networks:\n  edge:\n    external: true\n    name: plane_test_missing_edge\n", to: "compose.override.yaml")
            let blocked = try await run.plane("plan", ["--profile", "core"])
            #expect(blocked.status == 1 && blocked.stdout.contains("blocked: external network plane_test_missing_edge"), "\(blocked)")
        }
    }
}
