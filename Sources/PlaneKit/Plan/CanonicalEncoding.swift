/// The bytes plane hashes for a service definition (`ConfigHash`), and nothing else uses.
///
/// Frozen: a changed byte here changes `com.docker.compose.config-hash` on every container and the
/// next `up` recreates them all, so this encoding owes nothing to the output writers (whose
/// escaping and styles may change freely). It is the text plane has hashed since its first
/// release, written out once here:
///
/// - mapping keys sorted by their UTF-8 bytes, at every level;
/// - `{` / `[`, then one member or element per line, each line ending `,\n` except the last, which
///   ends `\n`, then `}` / `]`; no indentation; `"key": value`; `{}` and `[]` when empty;
/// - strings in double quotes: `\"` `\\` `\n` `\r` `\t`, `<` `>` `&` as `\u003c` `\u003e` `\u0026`,
///   other bytes below 0x20 as `\u00xx` (lowercase hex), everything else as its UTF-8 bytes;
/// - integers in decimal; a whole double below 1e21 as an integer, another finite one as Swift
///   prints it (`1.5`), NaN and infinities as `null`; `true`, `false`, `null`;
/// - one `\n` after the document.
///
/// A later change will make `ConfigHash` equal compose's own hash; that will be a second,
/// separately named encoding, not an edit of this one.
enum CanonicalEncoding {
    static func encode(_ node: Node) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        emit(node, into: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private static func emit(_ node: Node, into out: inout [UInt8]) {
        switch node.value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .uint(let value): out.append(contentsOf: String(value).utf8)
        case .double(let value): out.append(contentsOf: number(value).utf8)
        case .string(let text): string(text, into: &out)
        case .sequence(let items):
            guard !items.isEmpty else { return out.append(contentsOf: "[]".utf8) }
            out.append(contentsOf: "[\n".utf8)
            for (index, item) in items.enumerated() {
                emit(item, into: &out)
                out.append(contentsOf: (index == items.count - 1 ? "\n" : ",\n").utf8)
            }
            out.append(UInt8(ascii: "]"))
        case .mapping(let mapping):
            guard !mapping.entries.isEmpty else { return out.append(contentsOf: "{}".utf8) }
            let entries = mapping.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            out.append(contentsOf: "{\n".utf8)
            for (index, entry) in entries.enumerated() {
                string(entry.key, into: &out)
                out.append(contentsOf: ": ".utf8)
                emit(entry.value, into: &out)
                out.append(contentsOf: (index == entries.count - 1 ? "\n" : ",\n").utf8)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        // Whole numbers as integers while Int64 holds them (past it the conversion would trap).
        if value == value.rounded(), abs(value) < 9.0e18 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "\\u003c".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "\\u003e".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "\\u0026".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
