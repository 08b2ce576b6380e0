/// Writes a `Node` as indented JSON (2 spaces, keys in the node's order), escaping as Go does.
/// `ComposeStyle` applies what compose does on output: `$` doubled, `x-` keys kept only at the top.
public enum JSONWriter {
    public struct Style: Sendable {
        public var escapeDollars = false
        public var dropNestedExtensions = false
        public static let plain = Style()
        /// `ProjectDocument.build(_:flavor: .json)` already has compose's `x-` keys (top-level
        /// extensions whole, none in typed objects): nothing more is dropped.
        public static let compose = Style(escapeDollars: true)
    }

    public static func write(_ node: Node, indent: Int = 2, style: Style = .plain) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        emit(node, into: &out, level: 0, indent: indent, style: style)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes straight to a file descriptor in 64 KiB chunks (a 300-service model is megabytes of text).
    public static func write(_ node: Node, toDescriptor fd: Int32, indent: Int = 2, style: Style = .plain) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        emit(node, into: &out, level: 0, indent: indent, style: style, flushTo: fd)
        out.append(UInt8(ascii: "\n"))
        OutputSink.flush(&out, to: fd)
    }

    private static func pad(_ out: inout [UInt8], _ count: Int) {
        for _ in 0..<count { out.append(32) }
    }

    static func emit(_ node: Node, into out: inout [UInt8], level: Int, indent: Int, style: Style, flushTo fd: Int32? = nil) {
        if let fd, out.count > 1 << 16 { OutputSink.flush(&out, to: fd) }
        switch node.value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .uint(let u): out.append(contentsOf: String(u).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? Node.formatDouble(d) : "null").utf8)
        case .string(let s): quote(s, into: &out, escapeDollars: style.escapeDollars)
        case .sequence(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                pad(&out, (level + 1) * indent)
                emit(item, into: &out, level: level + 1, indent: indent, style: style, flushTo: fd)
                out.append(contentsOf: (i == items.count - 1 ? "\n" : ",\n").utf8)
            }
            pad(&out, level * indent)
            out.append(UInt8(ascii: "]"))
        case .mapping(let m):
            let entries = style.dropNestedExtensions && level > 0 ? m.entries.filter { !$0.key.hasPrefix("x-") } : m.entries
            if entries.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (i, entry) in entries.enumerated() {
                pad(&out, (level + 1) * indent)
                quote(entry.key, into: &out, escapeDollars: style.escapeDollars)
                out.append(contentsOf: ": ".utf8)
                emit(entry.value, into: &out, level: level + 1, indent: indent, style: style, flushTo: fd)
                out.append(contentsOf: (i == entries.count - 1 ? "\n" : ",\n").utf8)
            }
            pad(&out, level * indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func quote(_ s: String, into out: inout [UInt8], escapeDollars: Bool = false) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "\\u003c".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "\\u003e".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "\\u0026".utf8)
            case UInt8(ascii: "$") where escapeDollars: out.append(contentsOf: "$$".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The quoted form as a String (YAML's double-quoted style shares JSON's escapes).
    static func quoted(_ s: String, escapeDollars: Bool = false) -> String {
        var out: [UInt8] = []
        quote(s, into: &out, escapeDollars: escapeDollars)
        return String(decoding: out, as: UTF8.self)
    }
}
