/// The layout of a dotenv file, statement by statement, for lint (dotenv hygiene, keys against the
/// `.env.example`, values that look like secrets). Compose's own reading is `DotenvParser`; this
/// scan follows the same statement rules but keeps what the parser throws away: every assignment
/// (repeated keys too), blanks around `=`, quotes, commented-out `# KEY=` lines, BOM and CRLF.
public struct DotenvScan: Sendable {
    public var file: String
    /// Every assignment in file order, repeated keys included.
    public var assignments: [DotenvAssignment] = []
    /// Keys of comment lines shaped `# KEY=...`: documented but optional in an example.
    public var commentedKeys: [String] = []
    public var hasByteOrderMark = false
    /// The first line that ends with CR LF.
    public var firstCRLFLine: Int?

    public init(bytes: [UInt8], file: String) {
        self.file = file
        var text = DotenvText(bytes: bytes, file: file)
        let b = bytes
        let n = b.count
        var pos = 0
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            hasByteOrderMark = true
            pos = 3
        }
        var line = 1
        var k = 0
        while k + 1 < n {
            if b[k] == 0x0A { line += 1 }
            if b[k] == 0x0D, b[k + 1] == 0x0A { firstCRLFLine = line; break }
            k += 1
        }

        while pos < n {
            let eol = Self.lineEnd(b, from: pos)
            var start = pos
            while start < eol, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
            if start >= eol || b[start] == 0x0D {
                pos = eol + 1
                continue
            }
            if b[start] == 0x23 {
                if let key = Self.commentedKey(b, start + 1, eol) { commentedKeys.append(key) }
                pos = eol + 1
                continue
            }
            if eol - start > 7, Array(b[start..<(start + 6)]) == Array("export".utf8), b[start + 6] == 0x20 || b[start + 6] == 0x09 {
                start += 7
                while start < eol, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
            }
            var i = start
            while i < eol, b[i] != 0x3D, b[i] != 0x3A { i += 1 }
            var keyEnd = i
            while keyEnd > start, b[keyEnd - 1] == 0x20 || b[keyEnd - 1] == 0x09 || b[keyEnd - 1] == 0x0D { keyEnd -= 1 }
            let key = String(decoding: b[start..<keyEnd], as: UTF8.self)
            let location = text.location(at: start)
            guard i < eol else {
                assignments.append(DotenvAssignment(key: key, location: location, value: "", quote: nil, hasValue: false,
                                                    blankBeforeEquals: false, blankAfterEquals: false))
                pos = eol + 1
                continue
            }
            let blankBefore = i > start && (b[i - 1] == 0x20 || b[i - 1] == 0x09)
            var v = i + 1
            let blankAfter = v < eol && (b[v] == 0x20 || b[v] == 0x09)
            while v < eol, b[v] == 0x20 || b[v] == 0x09 { v += 1 }
            if v < n, b[v] == 0x22 || b[v] == 0x27 {
                let quote = b[v]
                var inner: [UInt8] = []
                var j = v + 1
                var closed = false
                while j < n {
                    if b[j] == 0x5C, j + 1 < n, b[j + 1] == quote {
                        inner.append(quote)
                        j += 2
                        continue
                    }
                    if b[j] == quote { closed = true; break }
                    inner.append(b[j])
                    j += 1
                }
                assignments.append(DotenvAssignment(key: key, location: location, value: String(decoding: inner, as: UTF8.self),
                                                    quote: Unicode.Scalar(quote), hasValue: true,
                                                    blankBeforeEquals: blankBefore, blankAfterEquals: blankAfter))
                pos = closed ? Self.lineEnd(b, from: j) + 1 : n
                continue
            }
            var end = eol
            var c = v
            while c + 1 < eol {
                if b[c] == 0x20, b[c + 1] == 0x23 { end = c; break }
                c += 1
            }
            while end > v, b[end - 1] == 0x20 || b[end - 1] == 0x09 || b[end - 1] == 0x0D { end -= 1 }
            assignments.append(DotenvAssignment(key: key, location: location, value: String(decoding: b[v..<end], as: UTF8.self),
                                                quote: nil, hasValue: true, blankBeforeEquals: blankBefore, blankAfterEquals: blankAfter))
            pos = eol + 1
        }
    }

    /// The keys assigned, first occurrence order.
    public var keys: [String] {
        var seen = Set<String>()
        return assignments.map(\.key).filter { seen.insert($0).inserted }
    }

    /// The last assignment of `key` (the one compose keeps).
    public func assignment(_ key: String) -> DotenvAssignment? {
        assignments.last { $0.key == key }
    }

    private static func lineEnd(_ b: [UInt8], from start: Int) -> Int {
        var i = start
        while i < b.count, b[i] != 0x0A { i += 1 }
        return i
    }

    /// `# KEY=...` (a documented, commented-out variable): the key, else nil.
    private static func commentedKey(_ b: [UInt8], _ from: Int, _ to: Int) -> String? {
        var i = from
        while i < to, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        let start = i
        while i < to {
            let c = b[i]
            let isKey = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2E || c == 0x2D
            if !isKey { break }
            i += 1
        }
        guard i > start, i < to, b[i] == 0x3D else { return nil }
        let first = b[start]
        guard (first >= 0x41 && first <= 0x5A) || first == 0x5F else { return nil }
        return String(decoding: b[start..<i], as: UTF8.self)
    }
}
