import Testing

@testable import PlaneKit

// Every expected value below is what Docker Compose v2.40.3 (compose-go v2.9.1) really produced:
// the text was written to `x.env`, used as `env_file: [{path: x.env}]` (with `format: raw` for the
// raw group) of a service, and read back from `env -i PATH=$PATH VAR=... docker-compose config
// --format json` (`environment`, with compose's `$$` output escaping undone). Lines and columns of
// errors are ours: compose only says `line N`, and agrees on N except where noted.

private func variables(
    _ text: String, env: [String: String] = [:], raw: Bool = false
) throws(LoadError) -> [String: String] {
    let entries = try DotenvParser.parse(text, file: "x.env", raw: raw, lookup: { env[$0] })
    var result: [String: String] = [:]
    for entry in entries {
        if let value = entry.value { result[entry.key] = value }
    }
    return result
}

private func failure(_ text: String, env: [String: String] = [:], raw: Bool = false) -> LoadError? {
    do {
        _ = try DotenvParser.parse(text, file: "x.env", raw: raw, lookup: { env[$0] })
        return nil
    } catch {
        return error
    }
}

@Suite struct DotenvSyntaxTests {
    // Oracle group: statement forms.
    @Test func exportColonAndEmptyValue() throws {
        #expect(try variables("export A=1\nB: 2\nD=\n") == ["A": "1", "B": "2", "D": ""])
        #expect(try variables("export  A=1\n") == ["A": "1"])
        #expect(try variables("exportA=1\n") == ["exportA": "1"])
        #expect(try variables("A:1\nB:=2\nC : 3\n") == ["A": "1", "B": "=2", "C": "3"])
        #expect(try variables("A=\nB= \nC=\"\"\nD=''\n") == ["A": "", "B": "", "C": "", "D": ""])
    }

    @Test func keyWithoutEqualsIsTakenFromLookupOrLeftOut() throws {
        #expect(try variables("C\nX=1\n", env: ["C": "fromenv"]) == ["C": "fromenv", "X": "1"])
        #expect(try variables("C\nX=1\n") == ["X": "1"])
        #expect(try variables("export A\n", env: ["A": "fromenv"]) == ["A": "fromenv"])
        #expect(try variables("A \n", env: ["A": "x"]) == ["A": "x"])
        // An unknown pass-through key comes out with a nil value and never erases an earlier one.
        let entries = try DotenvParser.parse("C=1\nC\nD\n", file: "x.env", lookup: { _ in nil })
        #expect(entries.map(\.key) == ["C", "D"])
        #expect(entries.map(\.value) == ["1", nil])
    }

    @Test func keysAcceptCompose() throws {
        #expect(try variables("1A=x\nA.B=x\nA-B=x\nA[0]=x\nÄ=1\n") == ["1A": "x", "A.B": "x", "A-B": "x", "A[0]": "x", "Ä": "1"])
        #expect(try variables("A\tB=x\n") == ["A\tB": "x"])
        #expect(try variables("A\u{A0}=1\nB=1\u{A0}\nC=\u{A0}1\n") == ["A": "1", "B": "1", "C": "1"])
    }

    @Test func composeOddities() throws {
        // `=x` is the empty key; a last line without `=`, `:` or a line feed is the empty key's value.
        #expect(try variables("=x\n") == ["": "x"])
        #expect(try variables("A=1\nC", env: ["C": "c"]) == ["": "C", "A": "1"])
        #expect(try variables("A B") == ["": "A B"])
        #expect(try variables("export\n") == [:])
        #expect(try variables("A=1\nexport") == ["": "export", "A": "1"])
        // After a closing quote the rest of the line is read as more statements.
        #expect(try variables("A=\"quoted\"garbage\nB=2\n") == ["A": "quoted", "B": "2"])
        #expect(try variables("A=\"q\"garbage\n", env: ["garbage": "G"]) == ["A": "q", "garbage": "G"])
        #expect(try variables("A=\"q\" B=2\n") == ["A": "q", "B": "2"])
        #expect(try variables("A='q'x\n") == ["A": "q"])
    }

    @Test func duplicateKeysLaterWins() throws {
        #expect(try variables("A=1\nA=2\n") == ["A": "2"])
        #expect(try variables("A=1\nA=${A}2\n") == ["A": "12"])
        let entries = try DotenvParser.parse("A=1\nB=2\nA=3\n", file: "x.env", lookup: { _ in nil })
        #expect(entries.map(\.key) == ["A", "B"])
        #expect(entries[0].location == PlaneKit.SourceLocation(file: "x.env", line: 3, column: 1))
    }

    @Test func entryLocationsPointAtTheKey() throws {
        let entries = try DotenvParser.parse("# c\n\n  export A=1\nB: 2\n", file: "x.env", lookup: { _ in nil })
        #expect(entries.map(\.location) == [
            PlaneKit.SourceLocation(file: "x.env", line: 3, column: 10),
            PlaneKit.SourceLocation(file: "x.env", line: 4, column: 1),
        ])
    }
}

@Suite struct DotenvValueTests {
    // Oracle group: unquoted values, comments, whitespace, line endings.
    @Test func inlineCommentsNeedASpaceBefore() throws {
        #expect(try variables("G=val # comment\nH=val#nocomment\n") == ["G": "val", "H": "val#nocomment"])
        #expect(try variables("A=val\t#tabcomment\n") == ["A": "val\t#tabcomment"])
        #expect(try variables("A=x  # c  \nB=y#z\n") == ["A": "x", "B": "y#z"])
        #expect(try variables("A=#x\n") == ["A": "#x"])
        #expect(try variables("A= #x\n") == ["A": "#x"])
        #expect(try variables("A=x\\#y\n") == ["A": "x\\#y"])
        #expect(try variables("A=\"quoted\" # comment\n") == ["A": "quoted"])
    }

    @Test func whitespaceIsTrimmed() throws {
        #expect(try variables("I=trail   \n") == ["I": "trail"])
        #expect(try variables("A=  lead\n") == ["A": "lead"])
        #expect(try variables("A = spaced\n") == ["A": "spaced"])
        #expect(try variables("  A=indented\n") == ["A": "indented"])
        #expect(try variables("A=a=b\n") == ["A": "a=b"])
    }

    @Test func commentsBlankLinesCRLFAndBOM() throws {
        #expect(try variables("  # comment\n\n\t\nA=1 # c\n# c\n") == ["A": "1"])
        #expect(try variables("A=1\r\nB=2\r\n") == ["A": "1", "B": "2"])
        #expect(try variables("\u{FEFF}A=1\n") == ["A": "1"])
        #expect(try variables("A=\"a\r\nb\"\r\n") == ["A": "a\r\nb"])
    }

    // Oracle group: quoted values.
    @Test func singleQuotesAreLiteral() throws {
        #expect(try variables("E='$A lit'\n") == ["E": "$A lit"])
        #expect(try variables("A='single \\' quote'\nB=2\n") == ["A": "single ' quote", "B": "2"])
        #expect(try variables("A='sin\\ngle $B'\n") == ["A": "sin\\ngle $B"])
        #expect(try variables("A='$$B'\n") == ["A": "$$B"])
    }

    @Test func doubleQuotesExpandEscapesAndSpanLines() throws {
        #expect(try variables("A=1\nF=\"x\\ny\\t\\$A $A\"\n") == ["A": "1", "F": "x\ny\t$A 1"])
        #expect(try variables("A=\"multi\nline\"\nB=2\n") == ["A": "multi\nline", "B": "2"])
        #expect(try variables("A=\"esc \\\\ \\\" \\a \\b \\f \\v \\0101 \\x41 \\u0041 \\q\"\n")
            == ["A": "esc \\ \" \u{7} \u{8} \u{C} \u{B} A \\x41 \\u0041 \\q"])
        #expect(try variables("A=\"a\\\\\"\nB=2\n") == ["A": "a\\", "B": "2"])
        #expect(try variables("A=\"a\\\\\\\"b\"\n") == ["A": "a\\\"b"])
        #expect(try variables("A=\"a\\$\"\n") == ["A": "a$"])
    }

    @Test func octalEscapeQuirks() throws {
        // `\0` + up to three digits; when that is not a valid octal byte compose still drops the 0.
        #expect(try variables("A=\"a\\0101\\012\\0377\\0400\\08\\0\"\n") == ["A": "aA\\12ÿ\\400\\8\\"])
    }

    // Oracle group: `$` expansion in values.
    @Test func expansionLooksUpTheEnvironmentBeforeEarlierKeys() throws {
        #expect(try variables("X=1\nY=$X\n", env: ["X": "2"]) == ["X": "1", "Y": "2"])
        #expect(try variables("X=1\nY=$X\n") == ["X": "1", "Y": "1"])
        #expect(try variables("X=1\nY=${X}\nX=3\nZ=$X\n") == ["X": "3", "Y": "1", "Z": "3"])
        #expect(try variables("A=${A:-self}\n") == ["A": "self"])
        #expect(try variables("A=1 #c\nB=\"${A}\"\n") == ["A": "1", "B": "1"])
    }

    @Test func expansionEscapesAndOperators() throws {
        #expect(try variables("A=$$B\nB2=\\$B\nB3=\"\\$B\"\nB4=\"$$B\"\n", env: ["B": "s"])
            == ["A": "$B", "B2": "\\s", "B3": "$B", "B4": "$B"])
        #expect(try variables("A=\"\\\\$X\"\n", env: ["X": "1"]) == ["A": "\\1"])
        #expect(try variables("A=\"$X\"\n", env: ["X": "a\"b"]) == ["A": "a\"b"])
        var warnings: [InterpolationWarning] = []
        let entries = try DotenvParser.parse(
            "A=\"$B ${B:-def} ${C-cd} ${D:+alt}\"\n", file: "x.env", lookup: { $0 == "D" ? "1" : nil },
            warnings: &warnings)
        #expect(entries.first?.value == " def cd alt")
        #expect(warnings == [InterpolationWarning(variable: "B", location: PlaneKit.SourceLocation(file: "x.env", line: 1, column: 1))])
    }

    @Test func invalidUTF8ReadsAsReplacementCharacter() throws {
        var warnings: [InterpolationWarning] = []
        let entries = try DotenvParser.parse(
            bytes: Array("A=".utf8) + [0xFF, 0x0A], file: "x.env", lookup: { _ in nil }, warnings: &warnings)
        #expect(entries.first?.value == "\u{FFFD}")
    }
}

@Suite struct DotenvErrorTests {
    // Oracle group: files compose refuses (`failed to read x.env: line N: ...`).
    @Test func keyWithASpace() {
        #expect(failure("A B=x\n")?.location == PlaneKit.SourceLocation(file: "x.env", line: 1, column: 1))
        let error = failure("A=1\nB C\n")
        #expect(error?.code == .envFile)
        #expect(error?.location == PlaneKit.SourceLocation(file: "x.env", line: 2, column: 1))
        #expect(error?.message == "a variable name cannot contain a space")
    }

    @Test func unexpectedCharacterInKey() {
        let error = failure("A=1\n  A$=x\n")
        #expect(error?.location == PlaneKit.SourceLocation(file: "x.env", line: 2, column: 4))
        #expect(error?.message == "unexpected character \"$\" in variable name")
        // A BOM anywhere but at the start is such a character.
        #expect(failure("A=1\n\u{FEFF}B=2\n")?.location?.line == 2)
    }

    @Test func unterminatedQuotes() {
        // Compose says `line 3` (where it gave up); we point at the opening quote.
        #expect(failure("A=\"unterminated\nB=2\n")?.location == PlaneKit.SourceLocation(file: "x.env", line: 1, column: 3))
        #expect(failure("A=1\nB='x\n")?.location == PlaneKit.SourceLocation(file: "x.env", line: 2, column: 3))
    }

    @Test func exportWithNothingAfter() {
        // compose: "zero length string"
        #expect(failure("A=1\nexport ")?.location?.line == 2)
    }

    @Test func badTemplatesInValues() {
        // compose: `Invalid template: "${B"`, `required variable B is missing a value: required here`
        #expect(failure("A=${B\n")?.message == "invalid interpolation format in the value of A")
        #expect(failure("X=1\nA=\"${B\"\n")?.location == PlaneKit.SourceLocation(file: "x.env", line: 2, column: 3))
        #expect(failure("A=${B:?required here}\n")?.message == "required variable B is missing a value (in the value of A)")
        #expect(failure("A=${B?}\n")?.code == .envFile)
        #expect(failure("A=${B?}\n", env: ["B": ""]) == nil)
    }
}

@Suite struct DotenvRawFormatTests {
    // Oracle group: `env_file: [{path: x.env, format: raw}]`.
    @Test func valuesAreTakenAsWritten() throws {
        let text = "A=$B\nC=\"q\" # x\nD='s'\n  E=sp  \n#c\n\nG\nH:1\nI=a\\nb\r\nJ=x\r\r\n"
        #expect(try variables(text, env: ["B": "b", "G": "g"], raw: true) == [
            "A": "$B", "C": "\"q\" # x", "D": "'s'", "E": "sp  ", "G": "g", "I": "a\\nb", "J": "x\r",
        ])
        #expect(try variables("A=${B\n", raw: true) == ["A": "${B"])
        #expect(try variables("A=1\nA=2\n", raw: true) == ["A": "2"])
        #expect(try variables("A\n", raw: true) == [:])
        #expect(try variables("A=1\nB", raw: true) == ["A": "1"])
        #expect(try variables("H:1=2\n", raw: true) == ["H:1": "2"])
    }

    @Test func bomOnlyOnTheFirstLine() throws {
        #expect(try variables("\u{FEFF}A=1\n", raw: true) == ["A": "1"])
        #expect(try variables("A=1\n\u{FEFF}B=2\n", raw: true) == ["A": "1", "\u{FEFF}B": "2"])
    }

    @Test func rawErrors() {
        // compose: variable 'E ' contains whitespaces / no variable name on line '=x' / invalid utf8 bytes at line 1
        #expect(failure("A=1\n E = sp \n", raw: true)?.location == PlaneKit.SourceLocation(file: "x.env", line: 2, column: 3))
        #expect(failure("export F=1\n", raw: true)?.location == PlaneKit.SourceLocation(file: "x.env", line: 1, column: 7))
        #expect(failure("\tA\t\n", env: ["A": "1"], raw: true)?.location?.line == 1)
        #expect(failure("A=1\n=x\n", raw: true)?.location == PlaneKit.SourceLocation(file: "x.env", line: 2, column: 1))
        var warnings: [InterpolationWarning] = []
        #expect(throws: LoadError.self) {
            try DotenvParser.parse(bytes: Array("A=1\nB=".utf8) + [0xFF], file: "x.env", raw: true, lookup: { _ in nil }, warnings: &warnings)
        }
    }
}

@Suite struct DotenvSecrecyTests {
    @Test func errorsNeverShowValues() {
        let secret = "s3cr3t-T0KEN-value"
        let cases: [(String, Bool)] = [
            ("PASSWORD \(secret)\n", false),  // key with a space
            ("PASSWORD \(secret)!=1\n", false),  // unexpected character
            ("A=\"\(secret)\nB=2\n", false),  // unterminated double quote
            ("A='\(secret)\n", false),  // unterminated single quote
            ("A=\(secret)${B\n", false),  // invalid template
            ("A=\"\(secret)${B:-${\"\n", false),  // invalid nested template
            ("A=${B:?\(secret)}\n", false),  // required variable with a message
            ("A=${B?$\(secret)}\n", false),  // required, message interpolated
            ("A=1\nexport ", false),
            ("\(secret) value=1\n", true),  // raw: whitespace in key
            ("=\(secret)\n", true),  // raw: no name
        ]
        for (text, raw) in cases {
            let error = failure(text, env: ["s3cr3t": secret], raw: raw)
            #expect(error != nil, "expected an error for case \(cases.firstIndex { $0.0 == text } ?? -1)")
            if let error {
                #expect(!error.description.contains(secret))
                #expect(!error.description.contains("s3cr3t"))
                #expect(!"\(error)".contains(secret))
            }
        }
        var warnings: [InterpolationWarning] = []
        let bytes = Array("A=\(secret)".utf8) + [0xFF, 0x0A]
        do {
            _ = try DotenvParser.parse(bytes: bytes, file: "x.env", raw: true, lookup: { _ in nil }, warnings: &warnings)
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains(secret))
        }
        let entry = DotenvEntry(key: "TOKEN", value: secret, location: PlaneKit.SourceLocation(file: "x.env", line: 1, column: 1))
        #expect(!entry.description.contains(secret))
        #expect(!String(reflecting: InterpolationWarning(variable: "B")).contains(secret))
    }
}
