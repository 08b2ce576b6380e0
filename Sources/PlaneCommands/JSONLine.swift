/// One JSON object on one line (`--format json` event and ps output): flat string, number,
/// boolean and string-list values, escaped as JSON requires.
struct JSONLine {
    enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case strings([String])
        /// Already-encoded JSON (an array of objects, e.g. compose's `Publishers`).
        case raw(String)
        case null
    }

    private var fields: [(String, Value)] = []

    init() {}

    mutating func add(_ key: String, _ value: Value) { fields.append((key, value)) }
    mutating func add(_ key: String, _ value: String?) { fields.append((key, value.map(Value.string) ?? .null)) }

    var text: String {
        var out = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out += "," }
            out += Self.quote(key) + ":"
            switch value {
            case .string(let s): out += Self.quote(s)
            case .int(let i): out += String(i)
            case .double(let d): out += d.isFinite ? String(d) : "null"
            case .bool(let b): out += b ? "true" : "false"
            case .strings(let list): out += "[" + list.map(Self.quote).joined(separator: ",") + "]"
            case .raw(let json): out += json
            case .null: out += "null"
            }
        }
        return out + "}"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
