/// The tree `plane config` prints: compose's model of the project, key for key. JSON carries
/// the fields compose's JSON always carries (`command: null`, `ipam: {}`); YAML omits them.
public enum ProjectDocument {
    public enum Flavor: Sendable { case json, yaml }

    public static func build(_ project: ResolvedProject, flavor: Flavor) -> Node {
        var root = Mapping()
        root["name"] = .string(project.name)
        var services = Mapping()
        for entry in project.services.entries {
            let s = service(entry.value, flavor: flavor)
            services[entry.key] = flavor == .json ? withoutExtensions(s) : s
        }
        root["services"] = Node(.mapping(services))
        if !project.networks.isEmpty {
            var networks = Mapping()
            for entry in project.networks.entries {
                var m = entry.value.mapping ?? Mapping()
                if flavor == .yaml, m["ipam"]?.mapping?.isEmpty == true { m.remove("ipam") }
                networks[entry.key] = flavor == .json ? withoutExtensions(Node(.mapping(m))) : Node(.mapping(m))
            }
            root["networks"] = Node(.mapping(networks))
        }
        for (key, section) in [("volumes", project.volumes), ("secrets", project.secrets), ("configs", project.configs)] where !section.isEmpty {
            root[key] = flavor == .json ? withoutExtensions(Node(.mapping(section))) : Node(.mapping(section))
        }
        for entry in project.extensions.entries { root[entry.key] = entry.value }
        return escapingDollars(Node(.mapping(root)))
    }

    /// compose prints `$` as `$$` so that its output reads back as the same model.
    static func escapingDollars(_ node: Node) -> Node {
        switch node.value {
        case .string(let s) where s.contains("$"):
            return Node(.string(s.replacingAll("$", with: "$$")), location: node.location)
        case .mapping(let m):
            var out = Mapping()
            for entry in m.entries { out[entry.key.replacingAll("$", with: "$$")] = escapingDollars(entry.value) }
            return Node(.mapping(out), location: node.location)
        case .sequence(let items):
            return Node(.sequence(items.map(escapingDollars)), location: node.location)
        default:
            return node
        }
    }

    /// compose's JSON keeps `x-` keys only at the top level of the file.
    static func withoutExtensions(_ node: Node) -> Node {
        switch node.value {
        case .mapping(let m):
            var out = Mapping()
            for entry in m.entries where !entry.key.hasPrefix("x-") { out[entry.key] = withoutExtensions(entry.value) }
            return Node(.mapping(out), location: node.location)
        case .sequence(let items):
            return Node(.sequence(items.map(withoutExtensions)), location: node.location)
        default:
            return node
        }
    }

    static func service(_ node: Node, flavor: Flavor) -> Node {
        guard let m = node.mapping else { return node }
        var ordered = Mapping()
        if let profiles = m["profiles"] { ordered["profiles"] = profiles }
        var rest = m
        rest.remove("profiles")
        if flavor == .json {
            if rest["command"] == nil { rest["command"] = .null }
            if rest["entrypoint"] == nil { rest["entrypoint"] = .null }
        }
        let plain = rest.entries.filter { !$0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
        let extensions = rest.entries.filter { $0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
        for entry in plain + extensions { ordered[entry.key] = entry.value }
        return Node(.mapping(ordered))
    }
}
