/// The tree `plane config` prints: compose's model of the project, key for key. JSON carries
/// the fields compose's JSON always carries (`command: null`, `ipam: {}`); YAML omits them.
/// Render with `JSONWriter.Style.compose` / `YAMLWriter.write(_:escapeDollars: true)` for compose's text.
public enum ProjectDocument {
    public enum Flavor: Sendable { case json, yaml }

    public static func build(_ project: ResolvedProject, flavor: Flavor) -> Node {
        var root = Mapping()
        root["name"] = .string(project.name)
        var services = Mapping()
        for entry in project.services.entries {
            let s = service(entry.value, flavor: flavor)
            services[entry.key] = s
        }
        root["services"] = Node(.mapping(services))
        if !project.networks.isEmpty {
            var networks = Mapping()
            for entry in project.networks.entries {
                var m = entry.value.mapping ?? Mapping()
                if flavor == .yaml, m["ipam"]?.mapping?.isEmpty == true { m.remove("ipam") }
                networks[entry.key] = Node(.mapping(m))
            }
            root["networks"] = Node(.mapping(networks))
        }
        for (key, section) in [("volumes", project.volumes), ("secrets", project.secrets), ("configs", project.configs)] where !section.isEmpty {
            root[key] = Node(.mapping(section))
        }
        if flavor == .yaml, !project.models.isEmpty {
            var models = Mapping()
            for entry in project.models.sortedEntries { models.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
            root["models"] = Node(.mapping(models))
        }
        for entry in project.extensions.entries { root[entry.key] = entry.value }
        return Node(.mapping(root))
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

    /// Services are already in compose's order (see `ServiceCanonicalizer.inComposeOrder`); JSON
    /// adds the fields compose's JSON always has.
    static func service(_ node: Node, flavor: Flavor) -> Node {
        guard flavor == .json, var rest = node.mapping else { return node }
        if rest["command"] == nil { rest["command"] = .null }
        if rest["entrypoint"] == nil { rest["entrypoint"] = .null }
        if var limits = rest["ulimits"]?.mapping {
            for limit in limits.entries where limit.value["soft"]?.int == 0 && limit.value["hard"]?.int == 0 {
                limits[limit.key] = Node(.mapping(Mapping()))
            }
            rest["ulimits"] = Node(.mapping(limits))
        }
        return Node(.mapping(rest))
    }
}
