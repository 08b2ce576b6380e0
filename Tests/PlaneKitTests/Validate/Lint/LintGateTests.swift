import Foundation
import Testing
@testable import PlaneKit

/// The entry point `plane up` calls before touching the engine.
@Suite struct LintGateTests {
    @Test func errorsBlockAndWarningsBlockOnlyWhenStrict() throws {
        let errors = LintCorpusCase.all().first { $0.name.hasSuffix("secret-mode-0644") }!
        let dir = try errors.materialize()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let verdict = try LintGate.check(ProjectOptions(environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
        #expect(!verdict.allowsDeploy && verdict.blocking.map(\.rule) == ["secret.mode"])

        let warnings = LintCorpusCase.all().first { $0.name.hasSuffix("env-duplicate-key") }!
        let wdir = try warnings.materialize()
        defer { try? FileManager.default.removeItem(at: wdir.deletingLastPathComponent()) }
        let project = try ProjectLoader.load(ProjectOptions(environment: ["PATH": "/usr/bin:/bin"], currentDirectory: wdir.path))
        #expect(LintGate.check(project: project).allowsDeploy)
        let strict = LintGate.check(project: project, strict: true)
        #expect(!strict.allowsDeploy && strict.blocking.map(\.rule) == ["env.duplicate-key"])
    }

    @Test func onlyTheServicesToStartAreChecked() throws {
        let lintCase = LintCorpusCase.all().first { $0.name.hasSuffix("env-missing-file-selected-profile") }!
        let dir = try lintCase.materialize()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let options = ProjectOptions(profiles: ["front", "back"], environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path)
        #expect(try LintGate.check(options, services: ["a"]).allowsDeploy)
        #expect(try !LintGate.check(options, services: ["b"]).allowsDeploy)
    }
}
