/// A YAML mapping with string keys, kept in document order, with the location of each key.
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
    private var index: [String: Int] = [:]

    public init() {}

    public init(_ pairs: [(String, Node)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public func contains(_ key: String) -> Bool { index[key] != nil }

    public func entry(_ key: String) -> Entry? { index[key].map { entries[$0] } }

    public func keyLocation(_ key: String) -> SourceLocation? { index[key].flatMap { entries[$0].keyLocation } }

    public subscript(key: String) -> Node? {
        get { index[key].map { entries[$0].value } }
        set {
            if let newValue {
                if let i = index[key] {
                    entries[i].value = newValue
                } else {
                    index[key] = entries.count
                    entries.append(Entry(key: key, value: newValue))
                }
            } else {
                remove(key)
            }
        }
    }

    /// Sets a value, recording where its key was written (the first place wins when set again).
    public mutating func set(_ key: String, _ value: Node, keyLocation: SourceLocation?) {
        if let i = index[key] {
            entries[i].value = value
            if entries[i].keyLocation == nil { entries[i].keyLocation = keyLocation }
        } else {
            index[key] = entries.count
            entries.append(Entry(key: key, keyLocation: keyLocation, value: value))
        }
    }

    @discardableResult
    public mutating func remove(_ key: String) -> Node? {
        guard let i = index[key] else { return nil }
        let removed = entries.remove(at: i)
        index[key] = nil
        for j in i..<entries.count { index[entries[j].key] = j }
        return removed.value
    }

    /// Entries sorted by key, the order Go's encoders give maps.
    public var sortedEntries: [Entry] { entries.sorted { $0.key < $1.key } }

    public mutating func sortKeys() {
        entries.sort { $0.key < $1.key }
        for (i, e) in entries.enumerated() { index[e.key] = i }
    }
}
