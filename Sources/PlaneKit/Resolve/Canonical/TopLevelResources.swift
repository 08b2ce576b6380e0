/// Top-level networks, volumes, secrets and configs as compose prints them: only those an
/// enabled service uses, each with its engine-side `name` (`<project>_<key>` unless external or named).
struct TopLevelResources {
    let projectName: String
    let services: Mapping
    /// `--all-resources`: declared resources no service uses are kept too.
    var keepsUnused = false
    /// `--compatibility`: resources keep only the name written in the file.
    var namesResources = true

    fileprivate func used(_ section: String) -> Set<String> {
        var names = Set<String>()
        for service in services.entries.map(\.value) {
            switch section {
            case "networks":
                for key in service["networks"]?.mapping?.keys ?? [] { names.insert(key) }
            case "volumes":
                for v in service["volumes"]?.sequence ?? [] where v["type"]?.string == "volume" {
                    if let s = v["source"]?.string { names.insert(s) }
                }
            default:
                for mount in service[section]?.sequence ?? [] {
                    if let s = mount["source"]?.scalarText { names.insert(s) }
                }
                // A secret only a build uses is kept too.
                if section == "secrets" {
                    for mount in service["build"]?["secrets"]?.sequence ?? [] {
                        if let s = mount["source"]?.scalarText ?? mount.scalarText { names.insert(s) }
                    }
                }
            }
        }
        return names
    }

    func networks(_ declared: Mapping) -> Mapping {
        var all = declared
        let usedNames = used("networks")
        if usedNames.contains("default") && all["default"] == nil { all["default"] = Node(.mapping(Mapping())) }
        var out = named("networks", all)
        for entry in out.entries {
            var m = entry.value.mapping ?? Mapping()
            if m["ipam"] == nil { m["ipam"] = Node(.mapping(Mapping())) }
            // compose's IPAM model has no `options`: they are not printed (nor given to the engine).
            if let ipam = m["ipam"], var i = ipam.mapping, i["options"] != nil {
                i.remove("options")
                m["ipam"] = Node(.mapping(i), location: ipam.location)
            }
            // Plain booleans in compose's model: false is not printed (enable_ipv4/6 are pointers: kept).
            for key in ["internal", "attachable"] where m[key]?.bool == false { m.remove(key) }
            out[entry.key] = Node(.mapping(m), location: entry.value.location)
        }
        return out
    }

    func named(_ section: String, _ declared: Mapping) -> Mapping {
        let usedNames = used(section)
        var out = Mapping()
        for entry in declared.sortedEntries where keepsUnused || usedNames.contains(entry.key) {
            let given = entry.value.mapping ?? Mapping()
            let external = given["external"]?.bool == true
            var m = Mapping()
            if let name = given["name"] { m["name"] = name } else if namesResources { m["name"] = .string(external ? entry.key : "\(projectName)_\(entry.key)") }
            for field in given.entries where field.key != "name" { m.set(field.key, field.value, keyLocation: field.keyLocation) }
            // `external: false`, `driver: ""`, `labels: {}`... are compose's zero values: not printed
            // (an explicit `name: ""` leaves the resource without a name, as in compose).
            if m["external"]?.bool == false { m.remove("external") }
            for field in m.entries {
                switch field.value.value {
                case .string(""): m.remove(field.key)
                case .mapping(let fm) where fm.isEmpty: m.remove(field.key)
                case .sequence(let items) where items.isEmpty: m.remove(field.key)
                default: break
                }
            }
            if section == "networks" || section == "volumes" {
                if let labels = m["labels"] { m["labels"] = ServiceCanonicalizer.stringMap((try? PreMergeForm.keyValueMapping(labels, separator: "=")) ?? labels) }
                if let opts = m["driver_opts"] { m["driver_opts"] = ServiceCanonicalizer.stringMap(opts) }  // `mtu: 1500` prints "1500"
            }
            out.set(entry.key, Node(.mapping(m), location: entry.value.location), keyLocation: entry.keyLocation)
        }
        return out
    }
}

extension ResolvedProject {
    /// `docker compose config SVC...`: the services named and, transitively, what they depend on;
    /// the top-level networks, volumes, secrets and configs only as far as those services use them.
    public func restricted(to named: [String]) throws(LoadError) -> ResolvedProject {
        for name in named where services[name] == nil {
            throw LoadError(.undefinedReference, "no such service: \(name)",
                            hint: Suggestion.hint(for: name, among: services.keys.sorted()))
        }
        var keep = Set<String>()
        var queue = named
        while let name = queue.popLast() {
            guard keep.insert(name).inserted, let node = services[name] else { continue }
            queue += ServiceDependency.all(of: node).map(\.service).filter { services[$0] != nil }
        }
        var copy = self
        var kept = Mapping()
        for entry in services.entries where keep.contains(entry.key) { kept.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
        copy.services = kept
        let usage = TopLevelResources(projectName: name, services: kept)
        func filter(_ section: String, _ resolved: Mapping) -> Mapping {
            let used = usage.usedNames(section)
            var out = Mapping()
            for entry in resolved.entries where used.contains(entry.key) { out.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
            return out
        }
        copy.networks = filter("networks", networks)
        copy.volumes = filter("volumes", volumes)
        copy.secrets = filter("secrets", secrets)
        copy.configs = filter("configs", configs)
        return copy
    }
}

extension TopLevelResources {
    func usedNames(_ section: String) -> Set<String> { used(section) }
}
