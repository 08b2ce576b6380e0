/// Writes a canonical service `Node` as the exact bytes `json.Marshal(types.ServiceConfig)` gives
/// in docker compose v2.40.3: compact, fields in `ComposeServiceShape`'s Go order, maps sorted,
/// Go's escaping and number formats. Independent of `JSONWriter` (plane's output), whose key order
/// and escaping serve `config --format json` and may change without touching a hash.
enum ComposeServiceEncoder {
    static func encode(_ node: Node, as shape: GoShape = ComposeServiceShape.service) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        write(node, shape, into: &out)
        return out
    }

    static func write(_ node: Node, _ shape: GoShape, into out: inout [UInt8]) {
        if node.isNull { out.append(contentsOf: Array("null".utf8)); return }
        switch shape {
        case .object(let fields):
            writeObject(node.mapping ?? Mapping(), fields, into: &out)
        case .map(let valueShape):
            guard let m = node.mapping else { return writeValue(node, into: &out) }
            writeMap(m.entries.map { ($0.key, $0.value) }, into: &out) { write($0, valueShape, into: &$1) }
        case .stringMap:
            guard let m = node.mapping else { return writeValue(node, into: &out) }
            writeMap(foldingExtensions(m), into: &out) { writeValue($0, into: &$1) }
        case .list(let itemShape):
            guard let items = node.sequence else { return writeValue(node, into: &out) }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, itemShape, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .float32:
            if case .double(let d) = node.value {
                out.append(contentsOf: Array(GoJSON.float(d, bits: 32).utf8))
            } else {
                writeValue(node, into: &out)
            }
        case .envFile:
            if node.mapping != nil {
                writeObject(node.mapping!, [GoField("path"), GoField("required", .value, .never), GoField("format")], into: &out)
            } else {
                writeValue(node, into: &out)
            }
        case .ulimit:
            if let single = node.int {
                out.append(contentsOf: Array((single != 0 ? String(single) : "{}").utf8))
            } else {
                writeObject(node.mapping ?? Mapping(), [GoField("single"), GoField("soft"), GoField("hard")], into: &out)
            }
        case .value:
            writeValue(node, into: &out)
        }
    }

    private static func writeObject(_ m: Mapping, _ fields: [GoField], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ k: String) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            GoJSON.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        var known = Set<String>()
        for field in fields {
            // Go's untagged fields (`Path`) may sit in the model under their YAML spelling (`path`).
            let spelling = m.contains(field.key) ? field.key : field.key.lowercased()
            known.insert(spelling)
            let value = m[spelling].flatMap { $0.isNull ? nil : $0 }
            switch field.omission {
            case .never:
                key(field.key)
                write(value ?? .null, field.shape, into: &out)
            case .neverEmptyStruct:
                key(field.key)
                write(value ?? Node(.mapping(Mapping())), field.shape, into: &out)
            case .whenAbsent:
                guard let value else { continue }
                key(field.key)
                write(value, field.shape, into: &out)
            case .whenEmpty:
                guard let value, !isEmpty(value) else { continue }
                key(field.key)
                write(value, field.shape, into: &out)
            }
        }
        // Keys compose-go's struct does not name (a newer attribute): sorted, after the known ones.
        for extra in GoJSON.sortedKeys(m.keys.filter { !known.contains($0) && !$0.hasPrefix("x-") }) {
            guard let value = m[extra], !isEmpty(value) else { continue }
            key(extra)
            writeValue(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeMap(_ entries: [(String, Node)], into out: inout [UInt8], value: (Node, inout [UInt8]) -> Void) {
        let byKey = Dictionary(entries, uniquingKeysWith: { _, last in last })
        out.append(UInt8(ascii: "{"))
        for (i, k) in GoJSON.sortedKeys(Array(byKey.keys)).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            GoJSON.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            value(byKey[k]!, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// compose-go's YAML decoder takes `x-` keys of a string map for extensions and stores them as
    /// one entry `#extensions` holding Go's `%v` of them (`map[x-a:1 x-b:<nil>]`).
    static func foldingExtensions(_ m: Mapping) -> [(String, Node)] {
        let extensions = m.entries.filter { $0.key.hasPrefix("x-") }
        var entries = m.entries.filter { !$0.key.hasPrefix("x-") }.map { ($0.key, $0.value) }
        guard !extensions.isEmpty else { return entries }
        let rendered = GoJSON.sortedKeys(extensions.map(\.key)).map { k in
            "\(k):\(m[k]?.scalarText ?? "<nil>")"
        }
        entries.append(("#extensions", Node(.string("map[" + rendered.joined(separator: " ") + "]"))))
        return entries
    }

    /// `omitempty`'s notion of empty: false, 0, "", nil, and empty slices and maps.
    static func isEmpty(_ node: Node) -> Bool {
        switch node.value {
        case .null: return true
        case .bool(let b): return !b
        case .int(let i): return i == 0
        case .uint(let u): return u == 0
        case .double(let d): return d == 0
        case .string(let s): return s.isEmpty
        case .sequence(let items): return items.isEmpty
        case .mapping(let m): return m.isEmpty
        }
    }

    /// A value without a known Go type: scalars as they are, mappings as Go maps (sorted keys).
    static func writeValue(_ node: Node, into out: inout [UInt8]) {
        switch node.value {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .int(let i): out.append(contentsOf: Array(String(i).utf8))
        case .uint(let u): out.append(contentsOf: Array(String(u).utf8))
        case .double(let d): out.append(contentsOf: Array(GoJSON.float(d, bits: 64).utf8))
        case .string(let s): GoJSON.appendString(s, to: &out)
        case .sequence(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeValue(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .mapping(let m):
            writeMap(m.entries.map { ($0.key, $0.value) }, into: &out) { writeValue($0, into: &$1) }
        }
    }
}
