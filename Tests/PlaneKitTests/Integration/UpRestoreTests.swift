import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// A replacement whose new container cannot start gives the service its old container back: a
/// failed `up` leaves what ran before running (and only the containers it stopped are touched).
@Suite("a failed replacement restores the previous container", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct UpRestoreTests {
    @Test("a new container that cannot start: up fails naming it, the old container runs again under its name")
    func failedStartRestoresThePreviousContainer() async throws {
        try await StackRun.with("UpStack", prefix: "plane-it-restore") { run in
            let first = try await run.plane("up", ["--profile", "medias", "--wait"])
            #expect(first.status == 0, "\(first)")
            let before = try await TestEngine.ids(run.project)
            let indexer = "\(run.project)-indexer-1"
            #expect(before[indexer] != nil)

            // The engine creates this container but cannot start it: its command does not exist.
            try run.write("services:\n  indexer:\n    command: [\"/plane-test-no-such-binary\"]\n", to: "compose.override.yaml")
            let second = try await run.plane("up", ["--profile", "medias", "--wait"])
            #expect(second.status == 1, "\(second)")
            #expect(second.stderr.contains("start \(indexer)"), "the failure names the start: \(second)")
            #expect((second.stdout + second.stderr).contains("restored \(indexer)"), "\(second)")

            let after = try await TestEngine.containers(run.project)
            let restored = after.first { $0.names?.contains("/\(indexer)") == true }
            #expect(restored?.id == before[indexer], "the old container is back under its name")
            #expect(restored?.state == "running")
            #expect(!after.contains { ($0.names ?? []).contains { $0.hasSuffix(PlaneLabel.replacedSuffix) } }, "no replaced container left")
            // Services the failed run did not replace were never stopped.
            for (name, id) in before where name != indexer {
                #expect(after.first { $0.names?.contains("/\(name)") == true }?.id == id, "\(name) untouched")
            }
        }
    }
}
