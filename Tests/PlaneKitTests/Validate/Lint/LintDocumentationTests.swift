import Foundation
import Testing
@testable import PlaneKit

/// docs/LINT.md lists every rule with its severity, so the page cannot fall behind the code.
@Suite struct LintDocumentationTests {
    @Test func everyRuleIsDocumentedWithItsSeverity() throws {
        let page = try String(contentsOf: LintOutputTests.repository.appendingPathComponent("docs/LINT.md"), encoding: .utf8)
        for rule in LintRules.descriptors {
            #expect(page.contains("| `\(rule.id)` | \(rule.severity.rawValue) |"), "docs/LINT.md has no row for \(rule.id) (\(rule.severity))")
        }
    }
}
