/// What, besides its definition, a service's container is made from: the content of its env files,
/// secret files and config files, each as a keyed digest (see `LabelKey`), so plane can tell that a
/// rotated secret must reach the running app and name which one changed. Never holds content.
public struct ServiceInputs: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case envFile = "env"
        case secret
        case config

        var noun: String {
            switch self {
            case .envFile: "env file"
            case .secret: "secret"
            case .config: "config"
            }
        }
    }

    public struct Digest: Sendable, Equatable {
        public var kind: Kind
        /// The secret or config name, or the env file's path relative to the project folder.
        public var name: String
        /// 16 hex digits of the keyed digest.
        public var value: String
        /// When the file last changed (seconds since the epoch), read at plan time; not in the label.
        public var changedAt: Int64? = nil
    }

    /// The secret and config files changed at or after `time` (seconds since the epoch; the same
    /// second counts, to be safe): what a container another tool created then cannot have been
    /// given. Env files are left out: their content is in compose's own config hash.
    public func filesChanged(after time: Int64) -> [Digest] {
        digests.filter { $0.kind != .envFile && ($0.changedAt ?? .max) >= time }
    }

    /// The key the digests were made with (`LabelKey.id`).
    public var keyID: String
    public var digests: [Digest]

    public init(keyID: String, digests: [Digest]) {
        self.keyID = keyID
        self.digests = digests
    }

    /// `env:applications/radarr/.env=0123456789abcdef;secret:transmission_pass=…`
    public var labelValue: String {
        digests.map { "\($0.kind.rawValue):\($0.name)=\($0.value)" }.joined(separator: ";")
    }

    /// Reads the label back; nil when it is not plane's format.
    public init?(labelValue: String, keyID: String) {
        var digests: [Digest] = []
        for item in labelValue.split(separator: ";") {
            guard let colon = item.firstIndex(of: ":"), let eq = item.lastIndex(of: "="), colon < eq,
                  let kind = Kind(rawValue: String(item[..<colon])) else { return nil }
            digests.append(Digest(kind: kind, name: String(item[item.index(after: colon)..<eq]), value: String(item[item.index(after: eq)...])))
        }
        self.init(keyID: keyID, digests: digests)
    }

    /// What differs from `old`, as plan causes ("secret transmission_pass changed").
    public func changes(from old: ServiceInputs) -> [String] { typedChanges(from: old).map(\.text) }

    /// What differs from `old`, per kind then name: added, removed, changed.
    public func typedChanges(from old: ServiceInputs) -> [ContainerChange] {
        var causes: [ContainerChange] = []
        for kind in Kind.allCases {
            let now = Dictionary(digests.filter { $0.kind == kind }.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            let before = Dictionary(old.digests.filter { $0.kind == kind }.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            for name in Set(now.keys).union(before.keys).sorted() {
                switch (before[name], now[name]) {
                case (nil, .some): causes.append(.input(kind: kind, name: name, change: .added))
                case (.some, nil): causes.append(.input(kind: kind, name: name, change: .removed))
                case (.some(let a), .some(let b)) where a != b: causes.append(.input(kind: kind, name: name, change: .changed))
                default: break
                }
            }
        }
        return causes
    }

    /// The value of `dev.plane.config-hash`: a keyed digest of the definition hash and the inputs.
    public func combinedHash(definitionHash: String, key: LabelKey) -> String {
        key.digest(Array("\(definitionHash)\n\(labelValue)".utf8))
    }
}
