// TEMPORARY: replaced by the real Interpolator (being written in parallel). Delete when it lands.
public struct Interpolator: Sendable {
    let lookup: @Sendable (String) -> String?
    public init(lookup: @escaping @Sendable (String) -> String?) { self.lookup = lookup }
    public func interpolate(_ text: String, at location: SourceLocation?) throws(LoadError) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "$" else { out.append(c); continue }
            if chars.first == "$" { out.append("$"); chars = chars.dropFirst(); continue }
            if chars.first == "{" {
                chars = chars.dropFirst()
                var inner = ""
                while let d = chars.first, d != "}" { inner.append(d); chars = chars.dropFirst() }
                chars = chars.dropFirst()
                if let r = inner.range(of: ":-") {
                    let name = String(inner[..<r.lowerBound])
                    let v = lookup(name) ?? ""
                    out += v.isEmpty ? String(inner[r.upperBound...]) : v
                } else {
                    out += lookup(inner) ?? ""
                }
            } else {
                var name = ""
                while let d = chars.first, d.isLetter || d.isNumber || d == "_" { name.append(d); chars = chars.dropFirst() }
                out += lookup(name) ?? ""
            }
        }
        return out
    }
}
