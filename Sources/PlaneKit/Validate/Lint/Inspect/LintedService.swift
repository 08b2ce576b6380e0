/// A service lint looks at: its name, canonical model and where its name is written.
struct LintedService {
    var name: String
    var node: Node
    var keyLocation: SourceLocation?

    /// `traefik.enable=true` or a published port: reachable from outside the stack's networks.
    var isExposed: Bool {
        if labels["traefik.enable"]?.scalarText?.lowercased() == "true" { return true }
        return !(node["ports"]?.sequence ?? []).isEmpty
    }

    var labels: Mapping { node["labels"]?.mapping ?? Mapping() }

    /// The numeric uid of `user:` (`1000:1000` -> 1000), nil when unset or a name.
    var userID: UInt32? {
        guard let user = node["user"]?.scalarText else { return nil }
        let uid = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? user
        return UInt32(uid)
    }

    /// The location of `key`'s value, else of the service's name.
    func location(of key: String) -> SourceLocation? {
        node[key]?.location ?? node.mapping?.keyLocation(key) ?? keyLocation
    }
}
