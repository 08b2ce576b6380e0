/// Deduplication of merged sequences: entries with the same identity keep the first one's place
/// and the last one's value (compose-go `EnforceUnicity`).
enum Unicity {
    static func enforce(_ items: [Node], identity: MergeRule.Identity) -> [Node] {
        var out: [Node] = []
        var positions: [String: Int] = [:]
        for item in items {
            let key = self.key(item, identity)
            if let i = positions[key] {
                out[i] = item
            } else {
                positions[key] = out.count
                out.append(item)
            }
        }
        return out
    }

    static func key(_ node: Node, _ identity: MergeRule.Identity) -> String {
        switch identity {
        case .value:
            return Fingerprint.of(node)
        case .volumeTarget:
            if let s = node.string { return VolumeSpec.target(ofShortSyntax: s) }
            return node["target"]?.scalarText ?? Fingerprint.of(node)
        case .secretTarget, .configTarget:
            let prefix = identity == .secretTarget ? "/run/secrets/" : "/"
            if let s = node.scalarText { return prefix + s }
            return node["target"]?.scalarText ?? prefix + (node["source"]?.scalarText ?? "")
        case .mountTarget:
            if let s = node.scalarText { return s }
            return node["target"]?.scalarText ?? node["source"]?.scalarText ?? Fingerprint.of(node)
        case .port:
            if let s = node.scalarText { return s }
            let ip = node["host_ip"]?.scalarText ?? ""
            let published = node["published"]?.scalarText ?? ""
            let target = node["target"]?.scalarText ?? ""
            let proto = node["protocol"]?.scalarText ?? "tcp"
            return "\(ip):\(published):\(target)/\(proto)"
        case .envFilePath:
            if let s = node.scalarText { return s }
            return node["path"]?.scalarText ?? Fingerprint.of(node)
        case .device:
            if let s = node.scalarText {
                let parts = s.split(separator: ":", omittingEmptySubsequences: false)
                return parts.count > 1 ? String(parts[1]) : s
            }
            return node["target"]?.scalarText ?? Fingerprint.of(node)
        }
    }
}

/// A stable text identity of a value, for deduplication.
enum Fingerprint {
    static func of(_ node: Node) -> String {
        switch node.value {
        case .null: return "~"
        case .mapping(let m):
            return "{" + m.sortedEntries.map { "\($0.key):\(of($0.value))" }.joined(separator: ",") + "}"
        case .sequence(let items):
            return "[" + items.map(of).joined(separator: ",") + "]"
        default:
            return node.scalarText ?? ""
        }
    }
}
