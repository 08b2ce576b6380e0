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

    /// Attributes compose models as Go maps, which it prints with sorted keys.
    static let sortedMaps: Set<String> = ["environment", "labels", "annotations", "sysctls", "depends_on", "networks",
                                          "ulimits", "storage_opt", "extra_hosts"]
    static let sortedNestedMaps: [String: [String]] = ["logging": ["options"], "build": ["args", "labels"], "deploy": ["labels"]]

    static func sortingMaps(_ m: Mapping) -> Mapping {
        var out = m
        for key in sortedMaps {
            if var inner = out[key]?.mapping { inner.sortKeys(); out[key] = Node(.mapping(inner), location: out[key]?.location) }
        }
        for (key, children) in sortedNestedMaps {
            guard var outer = out[key]?.mapping else { continue }
            for child in children {
                if var inner = outer[child]?.mapping { inner.sortKeys(); outer[child] = Node(.mapping(inner)) }
            }
            out[key] = Node(.mapping(outer), location: out[key]?.location)
        }
        if let health = out["healthcheck"]?.mapping {
            // compose's struct order for healthcheck fields.
            let order = ["test", "timeout", "interval", "retries", "start_period", "start_interval", "disable"]
            var ordered = Mapping()
            for key in order { if let v = health[key] { ordered.set(key, v, keyLocation: health.keyLocation(key)) } }
            for entry in health.entries where !order.contains(entry.key) { ordered.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
            out["healthcheck"] = Node(.mapping(ordered), location: out["healthcheck"]?.location)
        }
        return out
    }

    static func service(_ node: Node, flavor: Flavor) -> Node {
        guard let m = node.mapping.map(sortingMaps) else { return node }
        var ordered = Mapping()
        if let profiles = m["profiles"] { ordered["profiles"] = profiles }
        var rest = m
        rest.remove("profiles")
        if flavor == .json {
            if rest["command"] == nil { rest["command"] = .null }
            if rest["entrypoint"] == nil { rest["entrypoint"] = .null }
            if var limits = rest["ulimits"]?.mapping {
                for limit in limits.entries where limit.value["soft"]?.int == 0 && limit.value["hard"]?.int == 0 {
                    limits[limit.key] = Node(.mapping(Mapping()))
                }
                rest["ulimits"] = Node(.mapping(limits))
            }
        }
        let plain = rest.entries.filter { !$0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
        let extensions = rest.entries.filter { $0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
        for entry in plain + extensions { ordered[entry.key] = entry.value }
        return Node(.mapping(ordered))
    }
}
