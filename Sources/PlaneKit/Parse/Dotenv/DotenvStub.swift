// TEMPORARY: replaced by the real DotenvParser (being written in parallel). Delete when it lands.
public struct DotenvEntry: Sendable, Equatable {
    public var key: String
    public var value: String?
    public var location: SourceLocation
}

public enum DotenvParser {
    public static func parse(_ text: String, file: String, raw: Bool = false, lookup: (String) -> String?) throws(LoadError) -> [DotenvEntry] {
        var out: [DotenvEntry] = []
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            let t = line.trimmingCharacters(in: " \t\r")
            if t.isEmpty || t.hasPrefix("#") { continue }
            if let eq = t.firstIndex(of: "=") {
                var v = String(t[t.index(after: eq)...])
                if v.count >= 2, (v.hasPrefix("\"") && v.hasSuffix("\"")) || (v.hasPrefix("'") && v.hasSuffix("'")) { v = String(v.dropFirst().dropLast()) }
                out.append(DotenvEntry(key: String(t[..<eq]), value: v, location: SourceLocation(file: file, line: n, column: 1)))
            } else {
                out.append(DotenvEntry(key: t, value: nil, location: SourceLocation(file: file, line: n, column: 1)))
            }
        }
        return out
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
