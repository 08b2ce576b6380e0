/// Compose's `$` substitution, shared by compose-file interpolation and dotenv value expansion.
///
/// It reproduces what compose-go's regex-driven `template.Substitute` does, quirks included, in a
/// single pass over UTF-8 bytes (no regex, no Foundation):
///
/// - `$$` is a literal `$`; `$` before anything that is neither `$`, a name start nor `{` stays as is.
/// - `$NAME` / `${NAME}`: names are `[A-Za-z_][A-Za-z0-9_]*` matched case-insensitively the way Go's
///   RE2 folds case, so the Kelvin sign (U+212A) and the long s (U+017F) count as name letters too.
/// - `${NAME<op>arg}` with `<op>` one of `:-  -  :?  ?  :+  +`: the match runs to the LAST `}` of the
///   line (Go's `.` stops at a newline), then is cut at the first `}` that balances the braces counted
///   from the `${` (a `{` also skips the byte after it, as compose-go does). `arg` is substituted on its
///   own before the variable is even looked at (so its errors and warnings always happen), and the
///   text between the cut and the last `}` is substituted on its own and appended.
/// - `${` followed by anything else, or with no `}` later on its line, is an invalid template.
///
/// Unset variables read plainly (`$V`, `${V}`) are reported through `unset`, in order.
enum TemplateSubstitution {
    enum Failure: Error, Sendable, Equatable {
        /// `template` is the text of the innermost substitution that failed (what compose prints).
        case invalidTemplate(template: String)
        /// `reason` is the interpolated text after `?` / `:?` (may be empty).
        case missingRequired(variable: String, reason: String)
        /// `${A:-${B:-...}}` nested deeper than `maxNesting` (each level is a native stack frame).
        case tooDeep(levels: Int)
    }

    /// Far above any real file; compose-go (Go's growable stacks) has no limit, but a few thousand
    /// levels overflow a thread's stack here.
    static let maxNesting = 100

    private static let dollar: UInt8 = 0x24
    private static let openBrace: UInt8 = 0x7B
    private static let closeBrace: UInt8 = 0x7D
    private static let newline: UInt8 = 0x0A
    private static let colon: UInt8 = 0x3A
    private static let minus: UInt8 = 0x2D
    private static let plus: UInt8 = 0x2B
    private static let question: UInt8 = 0x3F

    /// True when `text` has a `$`, i.e. when substitution could change it.
    static func mayChange(_ text: String) -> Bool {
        text.utf8.contains(dollar)
    }

    static func substitute(
        _ text: String,
        lookup: (String) -> String?,
        unset: inout [String]
    ) throws(Failure) -> String {
        guard mayChange(text) else { return text }
        var copy = text
        var outcome: Result<String, Failure> = .success(text)
        copy.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            do throws(Failure) {
                try run(bytes, 0, bytes.count, into: &out, lookup: lookup, unset: &unset, depth: 0)
                outcome = .success(String(decoding: out, as: UTF8.self))
            } catch {
                outcome = .failure(error)
            }
        }
        return try outcome.get()
    }

    // MARK: - Engine

    private static func run(
        _ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int,
        into out: inout [UInt8],
        lookup: (String) -> String?,
        unset: inout [String],
        depth: Int
    ) throws(Failure) {
        guard depth <= maxNesting else { throw .tooDeep(levels: maxNesting) }
        var i = lo
        var chunk = lo
        while i < hi {
            if b[i] != dollar { i += 1; continue }
            if chunk < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[chunk..<i])) }
            let p = i
            guard p + 1 < hi else {
                out.append(dollar)
                i = hi
                chunk = hi
                break
            }
            let c = b[p + 1]
            if c == dollar {
                out.append(dollar)
                i = p + 2
            } else if let first = nameCharLength(b, p + 1, hi, start: true) {
                let end = nameEnd(b, p + 1 + first, hi)
                let name = string(b, p + 1, end)
                if let value = lookup(name) {
                    out.append(contentsOf: value.utf8)
                } else {
                    unset.append(name)
                }
                i = end
            } else if c == openBrace {
                i = try braced(b, p, lo, hi, into: &out, lookup: lookup, unset: &unset, depth: depth)
            } else {
                // Not a template: the `$` stays and scanning resumes right after it.
                out.append(dollar)
                i = p + 1
            }
            chunk = i
        }
        if chunk < hi { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[chunk..<hi])) }
    }

    /// Handles `${...}` starting at `p` (the `$`); returns where scanning resumes.
    private static func braced(
        _ b: UnsafeBufferPointer<UInt8>, _ p: Int, _ lo: Int, _ hi: Int,
        into out: inout [UInt8],
        lookup: (String) -> String?,
        unset: inout [String],
        depth: Int
    ) throws(Failure) -> Int {
        let nameStart = p + 2
        guard nameStart < hi, let first = nameCharLength(b, nameStart, hi, start: true) else {
            throw .invalidTemplate(template: string(b, lo, hi))
        }
        let nameStop = nameEnd(b, nameStart + first, hi)
        guard nameStop < hi else { throw .invalidTemplate(template: string(b, lo, hi)) }
        if b[nameStop] == closeBrace {
            let name = string(b, nameStart, nameStop)
            if let value = lookup(name) {
                out.append(contentsOf: value.utf8)
            } else {
                unset.append(name)
            }
            return nameStop + 1
        }

        var k = nameStop
        let colon = b[k] == Self.colon
        if colon { k += 1 }
        guard k < hi, b[k] == minus || b[k] == plus || b[k] == question else {
            throw .invalidTemplate(template: string(b, lo, hi))
        }
        let op = b[k]
        let argStart = k + 1

        // The regex's greedy `(.*)}` ends at the last `}` before the end of the line.
        var lineEnd = argStart
        while lineEnd < hi && b[lineEnd] != newline { lineEnd += 1 }
        var last = lineEnd - 1
        while last >= argStart && b[last] != closeBrace { last -= 1 }
        guard last >= argStart else { throw .invalidTemplate(template: string(b, lo, hi)) }
        let matchEnd = last + 1

        // compose-go then cuts the match at the first balancing `}`.
        var open = 0
        var q = p
        var closing = -1
        while q < matchEnd {
            let ch = b[q]
            if ch == closeBrace {
                open -= 1
                if open == 0 { closing = q; break }
            }
            if ch == openBrace {
                open += 1
                q += 1
            }
            q += 1
        }
        let argEnd = closing >= 0 ? closing : last
        let restStart = closing >= 0 ? closing + 1 : matchEnd

        let name = string(b, nameStart, nameStop)
        var argBytes: [UInt8] = []
        try run(b, argStart, argEnd, into: &argBytes, lookup: lookup, unset: &unset, depth: depth + 1)
        let value = lookup(name)

        switch op {
        case minus:
            if let value, !(colon && value.isEmpty) {
                out.append(contentsOf: value.utf8)
            } else {
                out.append(contentsOf: argBytes)
            }
        case plus:
            if let value, !(colon && value.isEmpty) {
                out.append(contentsOf: argBytes)
            }
        default:  // `?`
            guard let value, !(colon && value.isEmpty) else {
                throw .missingRequired(variable: name, reason: String(decoding: argBytes, as: UTF8.self))
            }
            out.append(contentsOf: value.utf8)
        }

        if restStart < matchEnd {
            try run(b, restStart, matchEnd, into: &out, lookup: lookup, unset: &unset, depth: depth + 1)
        }
        return matchEnd
    }

    // MARK: - Names

    /// Byte length of the name character at `i` (1 for ASCII, 2 or 3 for the two non-ASCII letters
    /// Go's case folding lets in), or nil when `b[i]` does not continue / start a name.
    @inline(__always)
    private static func nameCharLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ hi: Int, start: Bool) -> Int? {
        let c = b[i]
        switch c {
        case 0x41...0x5A, 0x61...0x7A, 0x5F: return 1  // A-Z a-z _
        case 0x30...0x39: return start ? nil : 1
        case 0xC5:  // U+017F LATIN SMALL LETTER LONG S folds to "s"
            return i + 1 < hi && b[i + 1] == 0xBF ? 2 : nil
        case 0xE2:  // U+212A KELVIN SIGN folds to "k"
            return i + 2 < hi && b[i + 1] == 0x84 && b[i + 2] == 0xAA ? 3 : nil
        default: return nil
        }
    }

    @inline(__always)
    private static func nameEnd(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ hi: Int) -> Int {
        var k = from
        while k < hi, let n = nameCharLength(b, k, hi, start: false) { k += n }
        return k
    }

    @inline(__always)
    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
    }
}
