/// The per-service config hash plane stamps on containers: sha256 of the service's canonical JSON
/// (sorted keys) without the attributes that do not change the container (build, pull_policy,
/// scale, depends_on, profiles), as docker compose does for its own hash.
public enum ConfigHash {
    static let ignored: Set<String> = ["build", "pull_policy", "scale", "depends_on", "profiles"]

    public static func compose(_ service: Node) -> String {
        guard var m = service.mapping else { return SHA256.hex(JSONWriter.write(service, indent: 0)) }
        for key in ignored { m.remove(key) }
        return SHA256.hex(JSONWriter.write(sorted(Node(.mapping(m))), indent: 0))
    }

    static func sorted(_ node: Node) -> Node {
        switch node.value {
        case .mapping(let m):
            var out = Mapping()
            for entry in m.sortedEntries { out[entry.key] = sorted(entry.value) }
            return Node(.mapping(out))
        case .sequence(let items):
            return Node(.sequence(items.map(sorted)))
        default:
            return Node(node.value)
        }
    }
}
