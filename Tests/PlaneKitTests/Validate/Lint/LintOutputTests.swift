import Foundation
import TestPrograms
import Testing
@testable import PlaneKit

/// The three output formats: SARIF validated against the official SARIF 2.1.0 schema with
/// check-jsonschema (both installed by scripts/install-deps.sh), JSON and text pinned as documented
/// in docs/LINT.md.
@Suite struct LintOutputTests {
    static let repository: URL = {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.path != "/" {
            dir = dir.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        }
        fatalError("Package.swift not found")
    }()

    static var sarifSchema: URL? {
        let path = ProcessInfo.processInfo.environment["PLANE_SARIF_SCHEMA"].map(URL.init(fileURLWithPath:))
            ?? repository.appendingPathComponent(".tools/sarif-schema-2.1.0.json")
        return FileManager.default.fileExists(atPath: path.path) ? path : nil
    }

    static func report(_ caseName: String) throws -> (LintReport, URL) {
        let lintCase = LintCorpusCase.all().first { $0.name.hasSuffix(caseName) }!
        let directory = try lintCase.materialize()
        return (try lintCase.lint(at: directory), directory)
    }

    @Test func sarifOfEveryCorpusCaseValidatesAgainstTheSchema() throws {
        guard let schema = Self.sarifSchema else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must install the SARIF schema (scripts/install-deps.sh)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plane-sarif-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for lintCase in LintCorpusCase.all() {
            let directory = try lintCase.materialize()
            defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
            let sarif = LintSARIFRenderer.render(try lintCase.lint(at: directory))
            let file = folder.appendingPathComponent("\(lintCase.name).sarif")
            try Data(sarif.utf8).write(to: file)
            files.append(file.path)
        }
        let check = try TestProgram.runBlocking("/usr/bin/env", ["python3", "-m", "check_jsonschema", "--schemafile", schema.path] + files)
        #expect(check.status == 0, "check-jsonschema: \(check)")
    }

    @Test func sarifCarriesRulesLocationsAndSuppressions() throws {
        let (report, directory) = try Self.report("lint-config-accept")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let object = try JSONSerialization.jsonObject(with: Data(LintSARIFRenderer.render(report).utf8)) as! [String: Any]
        #expect(object["version"] as? String == "2.1.0")
        let run = (object["runs"] as! [[String: Any]])[0]
        let driver = (run["tool"] as! [String: Any])["driver"] as! [String: Any]
        #expect((driver["rules"] as! [[String: Any]]).map { $0["id"] as! String } == LintRules.ids)
        let results = run["results"] as! [[String: Any]]
        #expect(results.count == 1)
        #expect(results[0]["ruleId"] as? String == "posture.image-unpinned")
        let suppression = (results[0]["suppressions"] as! [[String: Any]])[0]
        #expect(suppression["justification"] as? String == "built locally, never pulled")
        let base = (run["originalUriBaseIds"] as! [String: [String: String]])["PROJECTROOT"]!["uri"]!
        #expect(base.hasPrefix("file:///") && base.hasSuffix("/"))
    }

    @Test func jsonOutputIsTheDocumentedShape() throws {
        let (report, directory) = try Self.report("env-duplicate-key")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let json = LintJSONRenderer.render(report, strict: false)
        let expected = """
            {
              "version": 1,
              "tool": "plane",
              "project": "\(report.project)",
              "workingDirectory": "\(report.workingDirectory)",
              "profiles": [],
              "services": [
                "app"
              ],
              "strict": false,
              "summary": {
                "errors": 0,
                "warnings": 1,
                "accepted": 0,
                "failed": false
              },
              "findings": [
                {
                  "rule": "env.duplicate-key",
                  "severity": "warning",
                  "file": "app/.env",
                  "line": 3,
                  "column": 1,
                  "service": "app",
                  "subject": "PORT",
                  "message": "PORT is assigned again (first on line 1); this later value wins",
                  "hint": "keep one assignment of PORT"
                }
              ],
              "accepted": [],
              "notes": [
                "\(report.notes.first ?? "")"
              ]
            }

            """
        #expect(json == expected)
    }

    @Test func textOutputNamesRuleLocationServiceAndHint() throws {
        let (report, directory) = try Self.report("env-duplicate-key")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let lines = LintTextRenderer.render(report, strict: true).split(separator: "\n").map(String.init)
        #expect(lines[0] == "warning[env.duplicate-key]: app/.env:3:1: app: PORT is assigned again (first on line 1); this later value wins")
        #expect(lines[1] == "  hint: keep one assignment of PORT")
        #expect(lines.last == "plane lint: 0 errors, 1 warning (1 service, profiles: none, strict)")
        #expect(report.failed(strict: true) && !report.failed(strict: false))
    }

    @Test func findingsAreSortedByFileLineColumnRule() throws {
        let (report, directory) = try Self.report("posture-published-port-unhardened")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        #expect(report.findings.map(\.rule) == ["posture.cap-drop", "posture.no-new-privileges", "posture.read-only"])
    }
}
