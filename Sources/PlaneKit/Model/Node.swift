/// A YAML value as compose sees it after decoding: scalars typed by YAML 1.2 core rules, mappings
/// with string keys in document order, every node carrying the place it was written.
///
/// The loader works on this dynamic tree (as compose-go works on `map[string]any`) and only the
/// canonical stage gives values their compose meaning.
public struct Node: Sendable {
    public enum Value: Sendable {
        case null
        case bool(Bool)
        case int(Int)
        /// An integer above `Int.max` and below 2^64: YAML reads it as Go's uint64, and compose
        /// keeps its exact digits.
        case uint(UInt64)
        case double(Double)
        case string(String)
        case sequence([Node])
        case mapping(Mapping)
    }

    /// The YAML tags compose gives a meaning to when files are merged.
    public enum MergeTag: Sendable, Hashable {
        case none
        /// `!reset`: drop what earlier files said here.
        case reset
        /// `!override`: replace what earlier files said here instead of merging.
        case override
    }

    public var value: Value
    public var location: SourceLocation?
    public var tag: MergeTag
    /// A plain scalar YAML reads as a timestamp: compose's schema accepts it only under `x-` keys.
    public var isTimestamp = false

    public init(_ value: Value, location: SourceLocation? = nil, tag: MergeTag = .none) {
        self.value = value
        self.location = location
        self.tag = tag
    }
}

extension Node {
    public static var null: Node { Node(.null) }
    public static func string(_ s: String, at location: SourceLocation? = nil) -> Node { Node(.string(s), location: location) }
    public static func int(_ i: Int, at location: SourceLocation? = nil) -> Node { Node(.int(i), location: location) }
    public static func bool(_ b: Bool, at location: SourceLocation? = nil) -> Node { Node(.bool(b), location: location) }
    public static func sequence(_ items: [Node], at location: SourceLocation? = nil) -> Node { Node(.sequence(items), location: location) }
    public static func mapping(_ m: Mapping, at location: SourceLocation? = nil) -> Node { Node(.mapping(m), location: location) }

    public var mapping: Mapping? {
        get { if case .mapping(let m) = value { return m } else { return nil } }
        set { if let newValue { value = .mapping(newValue) } }
    }
    public var sequence: [Node]? {
        get { if case .sequence(let s) = value { return s } else { return nil } }
        set { if let newValue { value = .sequence(newValue) } }
    }
    public var string: String? { if case .string(let s) = value { return s } else { return nil } }
    public var int: Int? { if case .int(let i) = value { return i } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = value { return b } else { return nil } }
    public var isNull: Bool { if case .null = value { return true } else { return false } }

    /// The scalar as compose would print it in a string context (`8080` -> "8080", `true` -> "true").
    public var scalarText: String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return Node.formatDouble(d)
        case .bool(let b): return b ? "true" : "false"
        case .null, .sequence, .mapping: return nil
        }
    }

    /// What a person calls this kind of value in an error message.
    public var kindName: String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .uint: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .sequence: return "array"
        case .mapping: return "mapping"
        }
    }

    /// Go's strconv.FormatFloat(f, 'g', -1, 64) shape, which is how compose stringifies floats:
    /// the shortest digits that read back the same, in exponent form when the exponent is below
    /// -4 or at least 6 (`1e+06`, `1.5e-05`, `100`, `0.25`).
    public static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Swift's description holds the same shortest digits; only the layout differs.
        var text = Substring("\(d.magnitude)")
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits = ""
        var pointAt = 0
        var seenPoint = false
        for c in text {
            if c == "." { seenPoint = true; continue }
            digits.append(c)
            if !seenPoint { pointAt += 1 }
        }
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); pointAt -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        pointAt += exponent
        let sign = d < 0 ? "-" : ""
        let exp = pointAt - 1
        if exp < -4 || exp >= 6 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let magnitude = exp.magnitude < 10 ? "0\(exp.magnitude)" : "\(exp.magnitude)"
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + magnitude
        }
        if pointAt <= 0 { return sign + "0." + String(repeating: "0", count: -pointAt) + digits }
        if pointAt >= digits.count { return sign + digits + String(repeating: "0", count: pointAt - digits.count) }
        return sign + digits.prefix(pointAt) + "." + digits.dropFirst(pointAt)
    }

    public subscript(key: String) -> Node? {
        get { mapping?[key] }
        set {
            guard var m = mapping else { return }
            m[key] = newValue
            value = .mapping(m)
        }
    }
}
