import Foundation
import Testing
@testable import PlaneKit

/// The repo's own stack, with its example env files and the secrets stack-init generates, lints
/// clean: no error for any profile. One warning is expected and kept on purpose: arcane-agent's
/// AGENT_TOKEN is empty in the example (the Arcane manager issues it; runbook step 3), so
/// `plane lint --strict` fails until the operator fills it in. homarr's generated
/// SECRET_ENCRYPTION_KEY is accepted in compose.yaml's x-plane.lint.accept (no file variant).
@Suite struct StackLintTests {
    static let profiles = StackDifferentialTests.profileNames.map { [$0] } + [["*"]]

    func lint(_ profiles: [String]) throws -> LintReport {
        try Linter.lint(ProjectOptions(profiles: profiles, environment: ["PATH": "/usr/bin:/bin"],
                                       currentDirectory: StackFixture.prepared.path))
    }

    @Test(arguments: profiles)
    func everyProfileLintsWithoutErrors(profiles: [String]) throws {
        let report = try lint(profiles)
        #expect(report.errorCount == 0, "\(profiles): \(report.findings.filter { $0.severity == .error }.map(\.description))")
        let expectedWarnings = profiles == ["core"] || profiles == ["*"] ? ["env.empty-value arcane-agent AGENT_TOKEN"] : []
        #expect(report.findings.map { "\($0.rule) \($0.service ?? "-") \($0.subject ?? "-")" } == expectedWarnings,
                "\(profiles): \(report.findings.map(\.description))")
    }

    @Test func allProfilesLintTheWholeStackWithTheDocumentedException() throws {
        let report = try lint(["*"])
        #expect(report.services.count == 28)
        #expect(report.accepted.map { "\($0.finding.rule) \($0.finding.service ?? "-") \($0.finding.subject ?? "-")" }
                == ["env.secret-value homarr SECRET_ENCRYPTION_KEY"])
        #expect(!report.failed(strict: false))
        #expect(report.failed(strict: true), "AGENT_TOKEN is empty until the operator fills it in")
    }

    /// No output format carries a byte of the generated secrets or of the credentials in .env files.
    @Test func noSecretOfTheStackIsPrinted() throws {
        let report = try lint(["*"])
        let outputs = [LintTextRenderer.render(report, strict: true), LintJSONRenderer.render(report, strict: true),
                       LintSARIFRenderer.render(report)].joined(separator: "\n")
        var values: [String] = []
        for entry in try StackFixture.load(profiles: ["*"]).declaredSecrets.entries {
            guard let path = entry.value["file"]?.string, let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            values += text.split(whereSeparator: \.isNewline).map(String.init).filter { $0.count >= 8 && !$0.hasPrefix("#") && !$0.hasPrefix("-----") }
        }
        let homarr = try String(contentsOf: StackFixture.prepared.appendingPathComponent("applications/homarr/.env"), encoding: .utf8)
        values += homarr.split(separator: "\n").filter { $0.hasPrefix("SECRET_ENCRYPTION_KEY=") }.map { String($0.dropFirst(22)) }
        #expect(values.count >= 13)
        for value in values {
            #expect(!outputs.contains(value), "a secret value of the stack was printed")
        }
    }
}
