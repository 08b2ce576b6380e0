/// Writes a `Node` as indented JSON (2 spaces, keys in the node's order), escaping as Go does.
public enum JSONWriter {
    public static func write(_ node: Node, indent: Int = 2) -> String {
        var out = ""
        out.reserveCapacity(4096)
        emit(node, into: &out, level: 0, indent: indent)
        out.append("\n")
        return out
    }

    static func emit(_ node: Node, into out: inout String, level: Int, indent: Int) {
        switch node.value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? Node.formatDouble(d) : "null"
        case .string(let s): quote(s, into: &out)
        case .sequence(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: (level + 1) * indent)
                emit(item, into: &out, level: level + 1, indent: indent)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: level * indent) + "]"
        case .mapping(let m):
            if m.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, entry) in m.entries.enumerated() {
                out += String(repeating: " ", count: (level + 1) * indent)
                quote(entry.key, into: &out)
                out += ": "
                emit(entry.value, into: &out, level: level + 1, indent: indent)
                out += i == m.entries.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: level * indent) + "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
