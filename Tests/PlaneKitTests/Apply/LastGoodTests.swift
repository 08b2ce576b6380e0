import Foundation
import Testing
@testable import PlaneKit

/// What a failed upgrade of a service returns to: only an image it was seen healthy on.
@Suite("last-good images")
struct LastGoodTests {
    static func run(_ id: Int64, _ kind: RunKind, _ changes: [ImageChange]) -> RunSummary {
        RunSummary(id: RunID(id), start: RunStart(project: "p", kind: kind, startedAt: Date(), user: "u", pid: 1, profiles: [], services: [],
                                                  trigger: "t", planeVersion: "v"),
                   finishedAt: nil, outcome: nil, recoveredBy: nil, steps: [], services: [], imageChanges: changes)
    }

    static func change(_ from: String?, healthy: Bool, to: String?, _ status: ImageChange.Status, service: String = "web") -> ImageChange {
        ImageChange(service: service, profile: "core", image: "r/web:stable", fromImage: from, fromDigest: from.map { "r/web@\($0)" }, fromHealthy: healthy,
                    toImage: to, toDigest: to.map { "r/web@\($0)" }, status: status, gate: nil)
    }

    @Test("healthy now: the running image; not healthy now: the newest image an earlier run proved healthy, never the sick one")
    func choice() {
        let history = [
            Self.run(1, .upgrade, [Self.change("v1", healthy: true, to: "v2", .upgraded)]),
            Self.run(2, .upgrade, [Self.change("v2", healthy: true, to: "v3", .rolledBack)]),
            Self.run(3, .upgrade, [Self.change("v2", healthy: false, to: "v4", .kept)]),
        ]
        #expect(LastGood.of(Self.change("v9", healthy: true, to: nil, .replacing), in: RunID(4), earlier: history)
                == LastGood(image: "v9", digest: "r/web@v9", run: nil))
        // Run 3 started from a sick v2 and kept v4 without a gate holding: neither counts; run 2 began healthy on v2.
        #expect(LastGood.of(Self.change("v4", healthy: false, to: nil, .replacing), in: RunID(4), earlier: history)
                == LastGood(image: "v2", digest: "r/web@v2", run: RunID(2)))
        // Runs from the asking run on are not looked at; another service's changes neither.
        #expect(LastGood.recorded(service: "web", before: RunID(2), in: history) == LastGood(image: "v2", digest: "r/web@v2", run: RunID(1)))
        #expect(LastGood.recorded(service: "media", before: nil, in: history) == nil)
        // A rollback run's verified target counts; an unchanged one does not.
        let rollback = history + [Self.run(5, .rollback, [Self.change("v4", healthy: false, to: "v1", .rolledBack)]),
                                  Self.run(6, .rollback, [Self.change("v1", healthy: false, to: "v1", .unchanged)])]
        #expect(LastGood.recorded(service: "web", before: nil, in: rollback)?.image == "v1")
        #expect(LastGood.recorded(service: "web", before: RunID(5), in: rollback)?.image == "v2")
    }

    @Test("no healthy image ever recorded: none")
    func none() {
        let history = [Self.run(1, .upgrade, [Self.change("v1", healthy: false, to: "v2", .rollbackFailed)])]
        #expect(LastGood.of(Self.change("v1", healthy: false, to: nil, .replacing), in: RunID(2), earlier: history) == nil)
        #expect(LastGood.of(Self.change(nil, healthy: false, to: nil, .replacing), in: RunID(2), earlier: []) == nil)
    }
}
