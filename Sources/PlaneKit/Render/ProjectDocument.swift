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

    static func typed(_ node: Node) -> Node { changedTyped(node) ?? node }

    /// nil when nothing in `node` changes (most services have no `x-` key): nothing is copied then.
    static func changedTyped(_ node: Node) -> Node? {
        switch node.value {
        case .sequence(let items):
            var out: [Node]? = nil
            for (i, item) in items.enumerated() {
                let changed = changedTyped(item)
                if out == nil, changed != nil { out = Array(items[..<i]) }
                out?.append(changed ?? item)
            }
            return out.map { Node(.sequence($0), location: node.location) }
        case .mapping(let m):
            var out: Mapping? = nil
            for (i, entry) in m.entries.enumerated() {
                let dropped = entry.key.hasPrefix("x-")
                var changed: Node? = nil
                if dropped {
                } else if stringMaps.contains(entry.key) {
                    changed = changedFolding(entry.value)
                } else if entry.key == "depends_on" || entry.key == "networks", let named = entry.value.mapping {
                    // Keyed by names: every name stays, only the values are typed objects.
                    var copy: Mapping? = nil
                    for (j, e) in named.entries.enumerated() {
                        let t = changedTyped(e.value)
                        if copy == nil, t != nil {
                            copy = Mapping()
                            for p in named.entries[..<j] { copy!.set(p.key, p.value, keyLocation: p.keyLocation) }
                        }
                        copy?.set(e.key, t ?? e.value, keyLocation: e.keyLocation)
                    }
                    changed = copy.map { Node(.mapping($0), location: entry.value.location) }
                } else {
                    changed = changedTyped(entry.value)
                }
                if out == nil, dropped || changed != nil {
                    var prefix = Mapping()
                    for p in m.entries[..<i] { prefix.set(p.key, p.value, keyLocation: p.keyLocation) }
                    out = prefix
                }
                if !dropped { out?.set(entry.key, changed ?? entry.value, keyLocation: entry.keyLocation) }
            }
            return out.map { Node(.mapping($0), location: node.location) }
        default:
            return nil
        }
    }

    static func resource(_ node: Node) -> Node { typed(node) }

    static func changedFolding(_ node: Node) -> Node? {
        guard let m = node.mapping, m.entries.contains(where: { $0.key.hasPrefix("x-") }) else { return nil }
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
