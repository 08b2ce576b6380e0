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
                networks[entry.key] = flavor == .json ? resource(Node(.mapping(m))) : Node(.mapping(m))
            }
            root["networks"] = Node(.mapping(networks))
        }
        for (key, section) in [("volumes", project.volumes), ("secrets", project.secrets), ("configs", project.configs)] where !section.isEmpty {
            guard flavor == .json else { root[key] = Node(.mapping(section)); continue }
            var out = Mapping()
            for entry in section.entries { out[entry.key] = resource(entry.value) }
            root[key] = Node(.mapping(out))
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

    /// compose's JSON of a typed object (a service, its build, deploy..., a network, a volume) has no
    /// `x-` keys; maps keyed by names (`depends_on`, a service's `networks`) keep every name; a string
    /// map (labels, environment...) has its `x-` keys folded into one `"#extensions"` (a compose-go
    /// quirk: they are decoded as the map's extensions, and printed with Go's `%v`).
    static let stringMaps: Set<String> = ["labels", "environment", "annotations", "sysctls", "args", "options", "driver_opts"]

    static func typed(_ node: Node) -> Node {
        guard let m = node.mapping else {
            guard let items = node.sequence else { return node }
            return Node(.sequence(items.map(typed)), location: node.location)
        }
        var out = Mapping()
        for entry in m.entries where !entry.key.hasPrefix("x-") {
            let value = entry.value
            switch entry.key {
            case _ where stringMaps.contains(entry.key): out[entry.key] = foldingExtensions(value)
            case "depends_on", "networks":
                guard var named = value.mapping else { out[entry.key] = typed(value); continue }
                for e in named.entries { named[e.key] = typed(e.value) }
                out[entry.key] = Node(.mapping(named), location: value.location)
            default: out[entry.key] = typed(value)
            }
        }
        return Node(.mapping(out), location: node.location)
    }

    static func resource(_ node: Node) -> Node { typed(node) }

    static func foldingExtensions(_ node: Node) -> Node {
        guard let m = node.mapping, m.keys.contains(where: { $0.hasPrefix("x-") }) else { return node }
        let extensions = m.entries.filter { $0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
        var out = Mapping()
        out["#extensions"] = .string("map[" + extensions.map { "\($0.key):\(goValue($0.value))" }.joined(separator: " ") + "]")
        for entry in m.entries where !entry.key.hasPrefix("x-") { out.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
        return Node(.mapping(out), location: node.location)
    }

    /// Go's `%v` of a decoded YAML value.
    static func goValue(_ node: Node) -> String {
        switch node.value {
        case .null: return "<nil>"
        case .sequence(let items): return "[" + items.map(goValue).joined(separator: " ") + "]"
        case .mapping(let m): return "map[" + m.sortedEntries.map { "\($0.key):\(goValue($0.value))" }.joined(separator: " ") + "]"
        default: return node.scalarText ?? ""
        }
    }

    /// Services are already in compose's order (see `ServiceCanonicalizer.inComposeOrder`); JSON
    /// adds the fields compose's JSON always has, and writes its `x-` keys and `blkio_config` as Go does.
    static func service(_ node: Node, flavor: Flavor) -> Node {
        guard flavor == .json, var rest = typed(node).mapping else { return node }
        if rest["command"] == nil { rest["command"] = .null }
        if rest["entrypoint"] == nil { rest["entrypoint"] = .null }
        if let blkio = rest["blkio_config"], var b = blkio.mapping {
            // WeightDevice / ThrottleDevice have no json tags: Go writes the field names.
            for entry in b.entries {
                guard let items = entry.value.sequence else { continue }
                b[entry.key] = Node(.sequence(items.map { item in
                    guard let m = item.mapping else { return item }
                    var capitalized = Mapping()
                    for e in m.entries { capitalized[e.key.prefix(1).uppercased() + e.key.dropFirst()] = e.value }
                    return Node(.mapping(capitalized), location: item.location)
                }), location: entry.value.location)
            }
            rest["blkio_config"] = Node(.mapping(b), location: blkio.location)
        }
        if var limits = rest["ulimits"]?.mapping {
            for limit in limits.entries where limit.value["soft"]?.int == 0 && limit.value["hard"]?.int == 0 {
                limits[limit.key] = Node(.mapping(Mapping()))
            }
            rest["ulimits"] = Node(.mapping(limits))
        }
        return Node(.mapping(rest))
    }
}
