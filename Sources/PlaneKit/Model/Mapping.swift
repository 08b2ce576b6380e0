/// A YAML mapping with string keys, kept in document order, with the location of each key.
///
/// Compose mappings are small (a service has a few dozen keys), so lookups scan the entries;
/// a hash index is built only for large mappings (hundreds of services).
public struct Mapping: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation?
        public var value: Node

        public init(key: String, keyLocation: SourceLocation? = nil, value: Node) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public private(set) var entries: [Entry] = []
    /// Key -> position, only for large mappings; a class reference keeps `Mapping` one word
    /// smaller (every `Node` pays for the size of its largest case), copied before a shared one changes.
    private var index: Index?
    private static let indexThreshold = 24

    private final class Index: @unchecked Sendable {
        var positions: [String: Int]
        init(_ positions: [String: Int]) { self.positions = positions }
    }

    public init() {}

    public init(_ pairs: [(String, Node)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    private func position(_ key: String) -> Int? {
        if let index { return index.positions[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    private mutating func append(_ entry: Entry) {
        entries.append(entry)
        if index != nil {
            if !isKnownUniquelyReferenced(&index!) { index = Index(index!.positions) }
            index!.positions[entry.key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else { index = nil; return }
        var built: [String: Int] = [:]
        built.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() { built[e.key] = i }
        index = Index(built)
    }

    public func contains(_ key: String) -> Bool { position(key) != nil }

    public func entry(_ key: String) -> Entry? { position(key).map { entries[$0] } }

    public func keyLocation(_ key: String) -> SourceLocation? { position(key).flatMap { entries[$0].keyLocation } }

    public subscript(key: String) -> Node? {
        get { position(key).map { entries[$0].value } }
        set {
            if let newValue {
                if let i = position(key) {
                    entries[i].value = newValue
                } else {
                    append(Entry(key: key, value: newValue))
                }
            } else {
                remove(key)
            }
        }
    }

    /// Sets a value, recording where its key was written (the first place wins when set again).
    public mutating func set(_ key: String, _ value: Node, keyLocation: SourceLocation?) {
        if let i = position(key) {
            entries[i].value = value
            if entries[i].keyLocation == nil { entries[i].keyLocation = keyLocation }
        } else {
            append(Entry(key: key, keyLocation: keyLocation, value: value))
        }
    }

    @discardableResult
    public mutating func remove(_ key: String) -> Node? {
        guard let i = position(key) else { return nil }
        let removed = entries.remove(at: i)
        if index != nil { rebuildIndex() }
        return removed.value
    }

    /// Entries sorted by key, the order Go's encoders give maps.
    public var sortedEntries: [Entry] { entries.sorted { $0.key < $1.key } }

    public mutating func sortKeys() {
        entries.sort { $0.key < $1.key }
        if index != nil { rebuildIndex() }
    }
}
