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
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .sequence: return "array"
        case .mapping: return "mapping"
        }
    }

    /// Go's strconv.FormatFloat(f, 'g', -1, 64) shape, which is how compose stringifies floats.
    public static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        if d == d.rounded(), abs(d) < 1e21 { return String(Int64(d)) }
        return "\(d)"
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
