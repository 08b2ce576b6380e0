import Testing
@testable import PlaneKit

/// The layout scan lint reads env files with: every assignment (repeats too), quotes, blanks
/// around `=`, commented-out keys, BOM and CRLF, with compose's locations.
@Suite struct DotenvScanTests {
    func scan(_ text: String) -> DotenvScan { DotenvScan(bytes: Array(text.utf8), file: "x.env") }

    @Test func assignmentsKeepRepeatsQuotesAndLayout() {
        let s = scan("# comment\nA=1\nexport B = two words\nC=\"quoted # not a comment\" # comment\nA=3\nD\nE='x$Y'\nF=$G\n")
        #expect(s.assignments.map(\.key) == ["A", "B", "C", "A", "D", "E", "F"])
        #expect(s.keys == ["A", "B", "C", "D", "E", "F"])
        #expect(s.assignment("A")?.location.line == 5)
        let b = s.assignments[1]
        #expect(b.blankBeforeEquals && b.blankAfterEquals && b.value == "two words" && b.quote == nil)
        #expect(s.assignments[2].value == "quoted # not a comment" && s.assignments[2].quote == "\"")
        #expect(!s.assignments[4].hasValue)
        #expect(!s.assignments[5].substitutes && s.assignments[6].substitutes)
    }

    @Test func multiLineQuotedValueIsOneStatement() {
        let s = scan("K=\"line one\nline two\"\nNEXT=1\n")
        #expect(s.assignments.map(\.key) == ["K", "NEXT"])
        #expect(s.assignments[0].value == "line one\nline two")
        #expect(s.assignments[1].location.line == 3)
    }

    @Test func commentedKeysBomAndCRLF() {
        let s = scan("\u{FEFF}# OPTIONAL_X=\"a b\"\n# not a key: value\r\nA=1\r\n")
        #expect(s.hasByteOrderMark)
        #expect(s.commentedKeys == ["OPTIONAL_X"])
        #expect(s.firstCRLFLine == 2)
        #expect(s.assignments.map(\.key) == ["A"] && s.assignments[0].value == "1")
    }

    @Test func descriptionNeverShowsTheValue() {
        let s = scan("DB_PASSWORD=hunter2-secret\n")
        #expect(!s.assignments[0].description.contains("hunter2"))
    }
}
