/// Writes a `Node` as block-style YAML (2-space indent, lists indented under their key) that
/// reads back to the same values: strings that would read as another type are quoted.
public enum YAMLWriter {
    public static func write(_ node: Node, escapeDollars: Bool = false) -> String {
        let e = escapeDollars
        var out = ""
        out.reserveCapacity(4096)
        switch node.value {
        case .mapping(let m) where !m.isEmpty: mapping(m, into: &out, level: 0, e)
        case .sequence(let s) where !s.isEmpty: sequence(s, into: &out, level: 0, e)
        default: out += scalar(node, e) + "\n"
        }
        return out
    }

    static func mapping(_ m: Mapping, into out: inout String, level: Int, _ e: Bool) {
        let pad = String(repeating: "  ", count: level)
        for entry in m.entries {
            out += pad + key(entry.key, e) + ":"
            child(entry.value, into: &out, level: level, e)
        }
    }

    static func sequence(_ items: [Node], into out: inout String, level: Int, _ e: Bool) {
        let pad = String(repeating: "  ", count: level)
        for item in items {
            switch item.value {
            case .mapping(let m) where !m.isEmpty:
                var first = true
                for entry in m.entries {
                    out += (first ? pad + "- " : pad + "  ") + key(entry.key, e) + ":"
                    child(entry.value, into: &out, level: level + 1, e)
                    first = false
                }
            case .sequence(let s) where !s.isEmpty:
                out += pad + "-\n"
                sequence(s, into: &out, level: level + 1, e)
            default:
                out += pad + "- " + scalar(item, e) + "\n"
            }
        }
    }

    static func child(_ node: Node, into out: inout String, level: Int, _ e: Bool) {
        switch node.value {
        case .mapping(let m) where !m.isEmpty:
            out += "\n"
            mapping(m, into: &out, level: level + 1, e)
        case .sequence(let s) where !s.isEmpty:
            out += "\n"
            sequence(s, into: &out, level: level + 1, e)
        default:
            out += " " + scalar(node, e) + "\n"
        }
    }

    static func key(_ k: String, _ e: Bool) -> String {
        let text = e ? k.replacingAll("$", with: "$$") : k
        return needsQuotes(text) ? doubleQuoted(text) : text
    }

    static func scalar(_ node: Node, _ e: Bool) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d):
            if d.isNaN { return ".nan" }
            if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
            return Node.formatDouble(d)
        case .string(let raw):
            let s = e ? raw.replacingAll("$", with: "$$") : raw
            if s.contains("\n") { return doubleQuoted(s) }
            return needsQuotes(s) ? doubleQuoted(s) : s
        case .mapping: return "{}"
        case .sequence: return "[]"
        }
    }

    static let reserved: Set<String> = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "<<", "="]

    static func needsQuotes(_ s: String) -> Bool {
        if s.isEmpty || reserved.contains(s) { return true }
        if case .string = ScalarResolver.resolve(plain: s, tag: "") {} else { return true }
        if ScalarResolver.dateOnly(s) != nil { return true }
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
        if " \t".unicodeScalars.contains(last) || " \t".unicodeScalars.contains(first) { return true }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            if !((first == "-" || first == "?" || first == ":") && s.unicodeScalars.count > 1
                 && !s.unicodeScalars.dropFirst().first!.properties.isWhitespace) {
                return true
            }
        }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") { return true }
        for c in s.unicodeScalars where c.value < 0x20 || c.value == 0x7f { return true }
        return false
    }

    static func doubleQuoted(_ s: String) -> String { JSONWriter.quoted(s) }
}
