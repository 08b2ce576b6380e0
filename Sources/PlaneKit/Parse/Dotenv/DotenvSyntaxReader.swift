/// Reads the compose dotenv dialect statement by statement, following compose-go's parser:
///
/// 1. skip whitespace (line breaks included) and `#` comment lines;
/// 2. drop an `export` followed by whitespace;
/// 3. the key runs to the first `=`, `:` or line feed (a line feed makes it a pass-through key);
///    blanks inside are skipped over, any other character than a letter, a number or `_ . - [ ]` is
///    an error, and a key that still holds a space once trimmed is an error. A last line with no
///    terminator at all is compose's odd case: an entry with the empty key and the line as value;
/// 4. the value: quoted (up to the matching unescaped quote, anything after it on the line being
///    read as further statements) or unquoted (up to the line feed, cut at ` #`, right-trimmed).
struct DotenvSyntaxReader {
    var text: DotenvText

    private static let lineFeed: UInt8 = 0x0A
    private static let hash: UInt8 = 0x23
    private static let singleQuote: UInt8 = 0x27
    private static let doubleQuote: UInt8 = 0x22
    private static let backslash: UInt8 = 0x5C
    private static let export: [UInt8] = Array("export".utf8)

    init(text: DotenvText) {
        self.text = text
    }

    mutating func read(
        lookup: (String) -> String?,
        into collector: inout DotenvCollector,
        warnings: inout [InterpolationWarning]
    ) throws(LoadError) {
        let b = text.bytes
        let n = b.count
        var pos = 0
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }

        while true {
            // 1. Statement start.
            while pos < n {
                let (s, len) = text.scalar(at: pos)
                guard DotenvText.isGoSpace(s) else { break }
                pos += len
            }
            guard pos < n else { return }
            if b[pos] == Self.hash {
                guard let eol = b[pos...].firstIndex(of: Self.lineFeed) else { return }
                pos = eol
                continue
            }

            // 2. `export` prefix (Go's `^export\s+`, `\s` being ASCII `[\t\n\f\r ]`).
            var exported = false
            if pos + 6 < n, b[pos..<(pos + 6)].elementsEqual(Self.export) {
                switch b[pos + 6] {
                case 0x09, 0x0A, 0x0C, 0x0D, 0x20:
                    exported = true
                    pos += 6
                    pos = skipBlanks(from: pos)
                default:
                    break
                }
            }
            let keyStart = pos
            if exported && keyStart >= n {
                throw LoadError(
                    .envFile,
                    "nothing follows \"export\"",
                    at: text.location(at: keyStart),
                    hint: "write `export KEY=value` or remove the line"
                )
            }

            // 3. Key.
            var i = keyStart
            var terminator: UInt8? = nil
            while i < n {
                let (s, len) = text.scalar(at: i)
                if DotenvText.isBlank(s) { i += len; continue }
                if s == "=" || s == ":" || s == "\n" {
                    terminator = b[i]
                    break
                }
                if DotenvText.isKeyScalar(s) { i += len; continue }
                throw LoadError(
                    .envFile,
                    "unexpected character \(DotenvText.quoted(s)) in variable name",
                    at: text.location(at: i),
                    hint: "a variable name holds letters, digits, '_', '.', '-', '[' and ']'; "
                        + "write KEY=value, quoting the value if needed"
                )
            }
            let keyEnd: Int
            let valueStart: Int
            if terminator != nil {
                keyEnd = i
                valueStart = skipBlanks(from: i + 1)
            } else {
                // No `=`, `:` or line feed up to the end: compose reads the empty key.
                keyEnd = keyStart
                valueStart = keyStart
            }
            let key = trimmedKey(keyStart, keyEnd)
            if key.utf8.contains(0x20) {
                throw LoadError(
                    .envFile,
                    "a variable name cannot contain a space",
                    at: text.location(at: keyStart),
                    hint: "write KEY=value (a line with no `=` names a variable to take from the environment)"
                )
            }
            let keyLocation = text.location(at: keyStart)

            if terminator == Self.lineFeed {
                collector.add(key, lookup(key), at: keyLocation)
                pos = valueStart
                continue
            }

            // 4. Value.
            let value: [UInt8]
            let expand: Bool
            if valueStart < n, b[valueStart] == Self.singleQuote || b[valueStart] == Self.doubleQuote {
                let quote = b[valueStart]
                guard let (inner, after) = quotedValue(from: valueStart, quote: quote) else {
                    throw LoadError(
                        .envFile,
                        "unterminated quoted value for \(key.isEmpty ? "the empty key" : key)",
                        at: text.location(at: valueStart),
                        hint: "close the value with a matching \(quote == Self.singleQuote ? "'" : "\"") "
                            + "(an inner one is written \\\(quote == Self.singleQuote ? "'" : "\""))"
                    )
                }
                pos = after
                if quote == Self.doubleQuote {
                    value = DotenvEscapes.expand(inner)
                    expand = true
                } else {
                    value = inner
                    expand = false
                }
            } else {
                let eol = b[valueStart...].firstIndex(of: Self.lineFeed) ?? n
                var end = eol
                var k = valueStart
                while k + 1 < eol {
                    if b[k] == 0x20 && b[k + 1] == Self.hash { end = k; break }
                    k += 1
                }
                end = trimTrailingSpace(valueStart, end)
                value = Array(b[valueStart..<end])
                expand = true
                pos = eol < n ? eol + 1 : n
            }

            var result = String(decoding: value, as: UTF8.self)
            if expand {
                result = try substitute(result, key: key, at: keyLocation, valueOffset: valueStart,
                                        lookup: lookup, collector: collector, warnings: &warnings)
            }
            collector.add(key, result, at: keyLocation)
        }
    }

    // MARK: - Pieces

    private func skipBlanks(from start: Int) -> Int {
        var i = start
        while i < text.count {
            let (s, len) = text.scalar(at: i)
            guard DotenvText.isBlank(s) else { break }
            i += len
        }
        return i
    }

    /// Index past the last non-space scalar of `lo..<hi` (Go's `TrimRightFunc(unicode.IsSpace)`).
    private func trimTrailingSpace(_ lo: Int, _ hi: Int) -> Int {
        var end = hi
        while end > lo {
            var start = end - 1
            while start > lo, text.bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let (s, _) = text.scalar(at: start)
            guard DotenvText.isGoSpace(s) else { break }
            end = start
        }
        return end
    }

    private func trimmedKey(_ lo: Int, _ hi: Int) -> String {
        text.string(lo..<trimTrailingSpace(lo, hi))
    }

    /// The content of a quoted value starting at `open` and the offset after its closing quote, or
    /// nil when it is not closed. A backslash before the quote character drops out; before anything
    /// else it stays (double-quoted escapes are expanded afterwards).
    private func quotedValue(from open: Int, quote: UInt8) -> ([UInt8], Int)? {
        let b = text.bytes
        var chars: [UInt8] = []
        var escaped = false
        var i = open + 1
        while i < b.count {
            let c = b[i]
            if escaped {
                escaped = false
                if c != quote { chars.append(Self.backslash) }
                chars.append(c)
            } else if c == Self.backslash {
                escaped = true
            } else if c == quote {
                return (chars, i + 1)
            } else {
                chars.append(c)
            }
            i += 1
        }
        return nil
    }

    /// `$` substitution in a value: the lookup first, then the keys read so far. Errors name the
    /// key and the variable, never the value nor the text of the template.
    private mutating func substitute(
        _ value: String,
        key: String,
        at keyLocation: SourceLocation,
        valueOffset: Int,
        lookup: (String) -> String?,
        collector: DotenvCollector,
        warnings: inout [InterpolationWarning]
    ) throws(LoadError) -> String {
        guard TemplateSubstitution.mayChange(value) else { return value }
        var unset: [String] = []
        let values = collector.values
        let result: String
        do throws(TemplateSubstitution.Failure) {
            result = try TemplateSubstitution.substitute(
                value, lookup: { name in lookup(name) ?? values[name] }, unset: &unset)
        } catch {
            let subject = key.isEmpty ? "the value of the empty key" : "the value of \(key)"
            switch error {
            case .invalidTemplate:
                throw LoadError(
                    .envFile,
                    "invalid interpolation format in \(subject)",
                    at: text.location(at: valueOffset),
                    hint: "escape a literal $ as $$ (or \\$ in double quotes), or single-quote the value"
                )
            case .tooDeep(let levels):
                throw LoadError(.envFile, "interpolation nested deeper than \(levels) levels in \(subject)", at: text.location(at: valueOffset))
            case .missingRequired(let variable, _):
                throw LoadError(
                    .envFile,
                    "required variable \(variable) is missing a value (in \(subject))",
                    at: text.location(at: valueOffset),
                    hint: "set \(variable) in the environment or earlier in this file"
                )
            }
        }
        for name in unset {
            warnings.append(InterpolationWarning(variable: name, location: keyLocation))
        }
        return result
    }
}
