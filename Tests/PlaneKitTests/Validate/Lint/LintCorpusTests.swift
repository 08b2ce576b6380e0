import Foundation
import TestPrograms
import Testing
@testable import PlaneKit

/// The bad-input corpus: each case lints to exactly the findings its expect.json lists (rule,
/// file, line, severity), no more, no fewer.
@Suite struct LintCorpusTests {
    static let cases = LintCorpusCase.all()

    @Test func corpusIsLargeAndCoversEveryRule() {
        #expect(Self.cases.count >= 60, "the lint corpus must hold at least 60 cases")
        let covered = Set(Self.cases.flatMap { $0.spec.findings.map(\.rule) })
        for rule in LintRules.ids {
            #expect(covered.contains(rule), "no corpus case expects a \(rule) finding")
        }
        for id in covered {
            #expect(LintRules.ids.contains(id), "a case expects \(id), which is no rule")
        }
    }

    /// A case file this repository's .gitignore ignores would silently not be committed.
    @Test func noCaseFileIsIgnoredByTheRepository() throws {
        let repository = LintOutputTests.repository
        guard FileManager.default.fileExists(atPath: repository.appendingPathComponent(".git").path) else { return }
        let corpus = repository.appendingPathComponent("Tests/PlaneKitTests/Resources/LintCorpus")
        let files = (FileManager.default.enumerator(atPath: corpus.path)?.allObjects as? [String] ?? [])
            .map { "Tests/PlaneKitTests/Resources/LintCorpus/" + $0 }
        let ignored = try TestProgram.runBlocking("/usr/bin/git", ["-C", repository.path, "check-ignore", "--stdin"],
                                                  stdin: files.joined(separator: "\n"), timeout: 60).stdout
        #expect(ignored.isEmpty, "ignored by .gitignore, so never committed: \(ignored)")
    }

    @Test(arguments: cases)
    func caseLintsToExactlyItsExpectedFindings(_ lintCase: LintCorpusCase) throws {
        let directory = try lintCase.materialize()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let report = try lintCase.lint(at: directory)
        let actual = report.findings.map { finding in
            LintCorpusCase.Expected(rule: finding.rule, file: finding.location?.file ?? "", line: finding.location?.line ?? 0,
                                    severity: finding.severity.rawValue)
        }
        let expected = lintCase.spec.findings
        #expect(actual.sorted { $0.description < $1.description } == expected.sorted { $0.description < $1.description },
                "\(lintCase.name): \(lintCase.spec.description)\nfound:\n\(report.findings.map { "  \($0)" }.joined(separator: "\n"))")
        for finding in report.findings {
            #expect(finding.location != nil, "\(lintCase.name): \(finding.rule) has no location")
            #expect(finding.hint != nil, "\(lintCase.name): \(finding.rule) has no fix hint")
        }
    }

    /// No output format ever contains a value the case marks secret.
    @Test(arguments: cases.filter { !($0.spec.mustNotPrint ?? []).isEmpty })
    func secretValuesNeverAppearInAnyFormat(_ lintCase: LintCorpusCase) throws {
        let directory = try lintCase.materialize()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let report = try lintCase.lint(at: directory)
        let outputs = [
            LintTextRenderer.render(report, strict: true),
            LintJSONRenderer.render(report, strict: true),
            LintSARIFRenderer.render(report),
            report.findings.map(\.description).joined(separator: "\n"),
        ]
        for value in lintCase.spec.mustNotPrint ?? [] {
            for output in outputs {
                #expect(!output.contains(value), "\(lintCase.name): a secret value was printed")
            }
        }
    }
}
