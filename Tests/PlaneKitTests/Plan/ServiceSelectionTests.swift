import Foundation
import Testing
@testable import PlaneKit

@Suite("Service selection and profile order")
struct ServiceSelectionTests {
    let project: ResolvedProject

    init() throws { project = try UpFixture.load(try UpFixture.copy("UpStack")) }

    @Test("x-plane.profiles sets the order; without it, VM300's order")
    func order() throws {
        #expect(try ProfileOrder.of(project).profiles == ["core", "dashboard", "medias", "apps", "automatisation", "monitoring"])
        #expect(ProfileOrder().complete(with: ["zeta", "core", "alpha"]) == ProfileOrder.standard + ["alpha", "zeta"])
        #expect(ProfileOrder(["b", "a"]).rank(of: ["a"], among: ["a", "b"]) == 2)
        #expect(ProfileOrder(["b", "a"]).rank(of: [], among: ["a", "b"]) == 0)
    }

    @Test("medias pulls in what it depends on in earlier profiles, in profile then dependency order")
    func medias() throws {
        let selection = try ServiceSelection.resolve(project: project, order: ProfileOrder.of(project), profiles: ["medias"], services: [])
        #expect(selection.services == ["proxy", "auth", "media-init", "media", "indexer"])
        #expect(selection.pulledIn == ["proxy": "media depends on it", "auth": "media depends on it"])
        #expect(selection.stages == ["proxy": 1, "auth": 1, "media-init": 3, "media": 3, "indexer": 3])
    }

    @Test("--no-deps keeps only what was asked; named services bring their dependencies")
    func namedAndNoDeps() throws {
        let order = try ProfileOrder.of(project)
        #expect(try ServiceSelection.resolve(project: project, order: order, profiles: ["medias"], services: [], withDependencies: false).services
            == ["media-init", "media", "indexer"])
        #expect(try ServiceSelection.resolve(project: project, order: order, profiles: [], services: ["auth"]).services == ["proxy", "auth"])
    }

    @Test("an optional dependency in a later profile is left out and reported")
    func laterOptionalDependency() throws {
        let selection = try ServiceSelection.resolve(project: project, order: ProfileOrder(["core", "automatisation", "apps", "dashboard", "medias", "monitoring"]),
                                                     profiles: ["automatisation"], services: [])
        #expect(selection.services == ["flow"])
        #expect(selection.skippedDependencies.map { "\($0.service)>\($0.dependency)" } == ["flow>notes"])
    }

    @Test("a required dependency in a later profile, an unknown profile or service: errors that say what to do")
    func errors() throws {
        // auth requires proxy; move proxy to a profile after auth's.
        let dir = try UpFixture.copy("UpStack")
        let file = dir.appendingPathComponent("compose.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  auth:\n    <<: *hardened\n    profiles: [core]", with: "  auth:\n    <<: *hardened\n    profiles: [dashboard]")
            .replacingOccurrences(of: "  proxy:\n    <<: *hardened\n    profiles: [core]", with: "  proxy:\n    <<: *hardened\n    profiles: [monitoring]")
            .write(to: file, atomically: true, encoding: .utf8)
        let moved = try UpFixture.load(dir)
        do {
            _ = try ServiceSelection.resolve(project: moved, order: ProfileOrder.of(moved), profiles: ["dashboard"], services: [])
            Issue.record("a required dependency in a later profile was accepted")
        } catch {
            #expect(error.code == .dependencyOrder)
            #expect(error.description.contains("auth requires proxy, which is in profile monitoring, after the profiles selected"))
            #expect(error.description.contains("hint: add --profile monitoring"))
        }
        // Asking for both makes it fine: proxy's stage comes first because auth depends on it.
        let both = try ServiceSelection.resolve(project: moved, order: ProfileOrder.of(moved), profiles: ["dashboard", "monitoring"], services: [])
        #expect(both.services.firstIndex(of: "proxy")! < both.services.firstIndex(of: "auth")!)
        #expect(both.stages["auth"] == both.stages["proxy"])

        do {
            _ = try ServiceSelection.resolve(project: project, order: ProfileOrder(), profiles: ["nope"], services: [])
            Issue.record("unknown profile accepted")
        } catch {
            #expect(error.code == .unknownSelection)
            #expect(error.description.contains("no service is in profile nope"))
        }
        do {
            _ = try ServiceSelection.resolve(project: project, order: ProfileOrder(), profiles: [], services: ["nope"])
            Issue.record("unknown service accepted")
        } catch {
            #expect(error.description.contains("no such service: nope"))
        }
    }

    @Test("x-plane must be a mapping with a list of names")
    func malformedExtension() throws {
        let dir = try UpFixture.copy("UpStack")
        let file = dir.appendingPathComponent("compose.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  profiles: [core, dashboard, medias, apps, automatisation, monitoring]", with: "  profiles: core")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: PlanError.self) { try ProfileOrder.of(try UpFixture.load(dir)) }
    }
}
