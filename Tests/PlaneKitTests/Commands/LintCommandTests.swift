import Foundation
import TestPrograms
import Testing
@testable import PlaneKit

/// `plane lint` as a person runs it: the built binary, its exit statuses (0 clean, 1 errors or
/// warnings under --strict, 2 not loadable) and docker compose's flag placement.
@Suite struct LintCommandTests {
    /// The `plane` executable next to the test bundle (`swift build --build-tests` builds both).
    static var binary: String? {
        let products = Bundle.module.bundleURL.deletingLastPathComponent()
        let path = products.appendingPathComponent("plane").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func plane(_ arguments: [String], in directory: URL) throws -> Run? {
        guard let binary = Self.binary else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI builds plane before testing")
            return nil
        }
        let run = try TestProgram.runBlocking(binary, arguments, in: directory,
                                              environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "NO_COLOR": "1"], timeout: 60)
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    func prepared(_ suffix: String) throws -> URL {
        try LintCorpusCase.all().first { $0.name.hasSuffix(suffix) }!.materialize()
    }

    @Test func cleanProjectExitsZero() throws {
        let directory = try prepared("secret-one-newline-ok")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        guard let run = try plane(["lint"], in: directory) else { return }
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasSuffix("plane lint: 0 errors, 0 warnings (1 service, profiles: none)\n"))
    }

    @Test func errorsExitOneAndWarningsOnlyUnderStrict() throws {
        let errors = try prepared("secret-mode-0644")
        defer { try? FileManager.default.removeItem(at: errors.deletingLastPathComponent()) }
        #expect(try plane(["lint"], in: errors)?.status ?? 1 == 1)
        let warnings = try prepared("env-duplicate-key")
        defer { try? FileManager.default.removeItem(at: warnings.deletingLastPathComponent()) }
        #expect(try plane(["lint"], in: warnings)?.status ?? 0 == 0)
        #expect(try plane(["lint", "--strict"], in: warnings)?.status ?? 1 == 1)
    }

    @Test func unloadableProjectOrUnknownServiceExitsTwo() throws {
        let directory = try prepared("secret-one-newline-ok")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        guard let unknown = try plane(["lint", "ap"], in: directory) else { return }
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no such service: ap") && unknown.stderr.contains("did you mean \"app\"?"))
        try Data("services:\n  app: [\n".utf8).write(to: directory.appendingPathComponent("compose.yaml"))
        #expect(try plane(["lint"], in: directory)?.status == 2)
    }

    @Test func projectFlagsWorkBeforeAndAfterTheSubcommand() throws {
        let directory = try prepared("env-missing-file-selected-profile")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        guard let before = try plane(["--profile", "back", "lint", "--format", "json"], in: directory),
              let after = try plane(["lint", "--profile", "back", "--format", "json"], in: directory),
              let other = try plane(["lint", "--profile", "front"], in: directory) else { return }
        #expect(before.status == 1 && after.status == 1 && other.status == 0)
        #expect(before.stdout == after.stdout)
        let object = try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as! [String: Any]
        let findings = object["findings"] as! [[String: Any]]
        #expect(findings.map { $0["rule"] as! String } == ["env.missing-file"])
        guard let sarif = try plane(["-f", "compose.yaml", "lint", "--profile", "back", "--format", "sarif"], in: directory) else { return }
        #expect((try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])?["version"] as? String == "2.1.0")
    }
}
