/// Rewrites one service into compose's canonical form (what `docker compose config` prints):
/// short syntaxes expanded, units and durations normalised, scalars stringified where compose
/// models them as strings.
enum ServiceCanonicalizer {
    static let byteFields: Set<String> = ["mem_limit", "mem_reservation", "memswap_limit", "shm_size"]
    static let stringMaps: Set<String> = ["environment", "labels", "annotations", "sysctls", "storage_opt"]
    static let stringLists: Set<String> = ["dns", "dns_search", "dns_opt", "tmpfs", "expose", "cap_add", "cap_drop",
                                           "security_opt", "volumes_from", "links", "external_links", "group_add",
                                           "device_cgroup_rules", "profiles"]

    static func canonical(_ node: Node, name: String) throws(LoadError) -> Node {
        guard let service = node.mapping else { return node }
        var out = Mapping()
        for entry in service.entries {
            let key = entry.key
            let value = entry.value
            let path = "services.\(name).\(key)"
            var result: Node? = value
            switch key {
            case "extends", "env_file":
                result = nil
            case "command", "entrypoint":
                result = try command(value)
            case _ where stringMaps.contains(key):
                result = stringMap(value)
            case _ where stringLists.contains(key):
                result = stringList(value)
            case _ where byteFields.contains(key):
                result = try bytes(value, path: path)
            case "stop_grace_period":
                result = try duration(value, path: path)
            case "depends_on":
                result = dependsOn(value)
            case "ports":
                var ports: [Node] = []
                for item in value.sequence ?? [] { ports.append(contentsOf: try PortSpec.longForms(item)) }
                result = Node(.sequence(Unicity.enforce(ports, identity: .port)), location: value.location)
            case "volumes":
                result = try volumes(value)
            case "secrets", "configs":
                result = fileMounts(value, secrets: key == "secrets")
            case "healthcheck":
                result = try healthcheck(value, path: path)
            case "extra_hosts":
                result = extraHosts(value)
            case "build":
                result = build(value)
            case "deploy":
                result = try deploy(value, path: path)
            case "cpus":
                if let text = value.string, let d = Double(text) { result = Node(.double(d), location: value.location) }
            default:
                break
            }
            if let result { out.set(key, result, keyLocation: entry.keyLocation) }
        }
        if out["networks"] == nil && out["network_mode"] == nil {
            out["networks"] = Node(.mapping(Mapping([("default", .null)])))
        }
        var canonical = node
        canonical.value = .mapping(out)
        return canonical
    }

    static func command(_ node: Node) throws(LoadError) -> Node {
        if let text = node.string {
            do {
                return Node(.sequence(try ShellWords.split(text).map { Node(.string($0), location: node.location) }), location: node.location)
            } catch {
                var located = error
                located.location = node.location
                throw located
            }
        }
        return stringList(node)
    }

    static func stringMap(_ node: Node) -> Node {
        guard var m = node.mapping else { return node }
        for entry in m.entries {
            if let text = entry.value.scalarText { m[entry.key] = Node(.string(text), location: entry.value.location) }
        }
        return Node(.mapping(m), location: node.location)
    }

    static func stringList(_ node: Node) -> Node {
        if let text = node.string { return Node(.sequence([Node(.string(text), location: node.location)]), location: node.location) }
        guard let items = node.sequence else { return node }
        return Node(.sequence(items.map { item in item.scalarText.map { Node(.string($0), location: item.location) } ?? item }), location: node.location)
    }

    static func bytes(_ node: Node, path: String) throws(LoadError) -> Node {
        guard let text = node.scalarText else { return node }
        guard let count = ByteUnits.parse(text) else {
            throw LoadError(.invalidValue, "\(path): invalid size \"\(text)\"", at: node.location, hint: "use a number of bytes or a unit: 512m, 1g")
        }
        return Node(.string(String(count)), location: node.location)
    }

    static func duration(_ node: Node, path: String) throws(LoadError) -> Node {
        guard let text = node.scalarText else { return node }
        guard let ns = GoDuration.parseNanoseconds(text) else {
            throw LoadError(.invalidValue, "\(path): invalid duration \"\(text)\"", at: node.location, hint: "use a Go duration: 30s, 1m30s, 500ms")
        }
        return Node(.string(GoDuration.format(nanoseconds: ns)), location: node.location)
    }

    static func dependsOn(_ node: Node) -> Node {
        guard let m = node.mapping else { return node }
        var out = Mapping()
        for entry in m.entries {
            let given = entry.value.mapping ?? Mapping()
            var dep = Mapping()
            dep["condition"] = given["condition"] ?? .string("service_started")
            if let restart = given["restart"] { dep["restart"] = restart }
            dep["required"] = given["required"] ?? .bool(true)
            out.set(entry.key, Node(.mapping(dep), location: entry.value.location), keyLocation: entry.keyLocation)
        }
        return Node(.mapping(out), location: node.location)
    }

    static func volumes(_ node: Node) throws(LoadError) -> Node {
        guard let items = node.sequence else { return node }
        var out: [Node] = []
        for item in items {
            if let spec = item.string {
                out.append(Node(.mapping(try VolumeSpec.longForm(spec, at: item.location)), location: item.location))
            } else if var m = item.mapping {
                let type = m["type"]?.string ?? "volume"
                if type == "bind" {
                    var bind = m["bind"]?.mapping ?? Mapping()
                    if bind["create_host_path"] == nil { bind["create_host_path"] = .bool(true) }
                    m["bind"] = Node(.mapping(bind))
                } else if type == "volume", m["volume"] == nil {
                    m["volume"] = Node(.mapping(Mapping()))
                }
                out.append(Node(.mapping(m), location: item.location))
            } else {
                out.append(item)
            }
        }
        return Node(.sequence(Unicity.enforce(out, identity: .volumeTarget)), location: node.location)
    }

    static func fileMounts(_ node: Node, secrets: Bool) -> Node {
        guard let items = node.sequence else { return node }
        return Node(.sequence(items.map { item in
            var m: Mapping
            if let source = item.scalarText {
                m = Mapping([("source", Node(.string(source), location: item.location))])
            } else if let given = item.mapping {
                m = given
            } else {
                return item
            }
            if secrets, let source = m["source"]?.scalarText {
                let target = m["target"]?.scalarText ?? source
                m["target"] = Node(.string(target.hasPrefix("/") ? target : "/run/secrets/" + target))
            }
            if let mode = m["mode"], let i = mode.int {
                m["mode"] = Node(.string("0" + String(i, radix: 8)), location: mode.location)
            }
            for id in ["uid", "gid"] {
                if let v = m[id], let text = v.scalarText { m[id] = Node(.string(text), location: v.location) }
            }
            return Node(.mapping(m), location: item.location)
        }), location: node.location)
    }

    static func healthcheck(_ node: Node, path: String) throws(LoadError) -> Node {
        guard var m = node.mapping else { return node }
        if let test = m["test"] {
            if let text = test.string {
                m["test"] = Node(.sequence([.string("CMD-SHELL"), Node(.string(text), location: test.location)]), location: test.location)
            } else {
                m["test"] = stringList(test)
            }
        }
        for key in ["interval", "timeout", "start_period", "start_interval"] {
            if let v = m[key] { m[key] = try duration(v, path: "\(path).\(key)") }
        }
        return Node(.mapping(m), location: node.location)
    }

    static func extraHosts(_ node: Node) -> Node {
        guard let m = node.mapping else { return node }
        var lines: [Node] = []
        for entry in m.sortedEntries {
            let ips = entry.value.sequence ?? [entry.value]
            for ip in ips { lines.append(Node(.string("\(entry.key)=\(ip.scalarText ?? "")"), location: ip.location)) }
        }
        return Node(.sequence(lines), location: node.location)
    }

    static func build(_ node: Node) -> Node {
        guard var m = node.mapping else { return node }
        if m["dockerfile"] == nil && m["dockerfile_inline"] == nil { m["dockerfile"] = .string("Dockerfile") }
        for key in ["args", "labels"] where m[key] != nil { m[key] = stringMap(m[key]!) }
        return Node(.mapping(m), location: node.location)
    }

    static func deploy(_ node: Node, path: String) throws(LoadError) -> Node {
        guard var m = node.mapping else { return node }
        if let labels = m["labels"] { m["labels"] = stringMap(labels) }
        if let resources = m["resources"], var r = resources.mapping {
            for kind in ["limits", "reservations"] {
                guard let limits = r[kind], var l = limits.mapping else { continue }
                if let cpus = l["cpus"], let text = cpus.scalarText, let d = Double(text) { l["cpus"] = Node(.double(d), location: cpus.location) }
                if let memory = l["memory"] { l["memory"] = try bytes(memory, path: "\(path).resources.\(kind).memory") }
                r[kind] = Node(.mapping(l), location: limits.location)
            }
            m["resources"] = Node(.mapping(r), location: resources.location)
        }
        return Node(.mapping(m), location: node.location)
    }
}
