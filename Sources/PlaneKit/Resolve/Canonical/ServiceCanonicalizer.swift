/// Rewrites one service into compose's canonical form (what `docker compose config` prints):
/// short syntaxes expanded, units and durations normalised, scalars stringified where compose
/// models them as strings.
enum ServiceCanonicalizer {
    static let byteFields: Set<String> = ["mem_limit", "mem_reservation", "memswap_limit", "shm_size"]
    static let stringMaps: Set<String> = ["environment", "labels", "annotations", "sysctls", "storage_opt"]
    static let stringLists: Set<String> = ["dns", "dns_search", "dns_opt", "tmpfs", "expose", "cap_add", "cap_drop",
                                           "security_opt", "volumes_from", "links", "external_links", "group_add",
                                           "device_cgroup_rules", "profiles"]

    /// `normalizes: false` is compose's `--compatibility` output: no default network, no default
    /// Dockerfile name.
    static func canonical(_ node: Node, name: String, environment: [String: String], directory: String,
                          normalizes: Bool = true) throws(LoadError) -> Node {
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
                result = stringMap(value, nullAsEmpty: key != "environment")
            case "devices":
                result = devices(value)
            case "dns":
                // compose drops empty DNS servers (`dns: ""` is no DNS setting at all).
                if let list = stringList(value).sequence { result = Node(.sequence(list.filter { $0.string != "" }), location: value.location) }
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
                result = try build(value, environment: environment, path: path, normalizes: normalizes)
            case "logging":
                if var logging = value.mapping {
                    if let options = logging["options"] { logging["options"] = stringMap(options) }
                    if let driver = logging["driver"], isZero(driver) { logging.remove("driver") }  // `driver: ""` is no driver
                    result = Node(.mapping(logging), location: value.location)
                }
            case "deploy":
                result = try deploy(value, path: path)
            case "networks":
                // A network's driver_opts are strings (`mtu: 1500` prints "1500").
                if var networks = value.mapping {
                    for entry in networks.entries {
                        guard var network = entry.value.mapping else { continue }
                        if let opts = network["driver_opts"] { network["driver_opts"] = stringMap(opts) }
                        // `ipv4_address: ""` (after interpolation) is no address; list entries stay.
                        for field in network.entries where field.value.string == "" { network.remove(field.key) }
                        networks[entry.key] = Node(.mapping(network), location: entry.value.location)
                    }
                    result = Node(.mapping(networks), location: value.location)
                }
            case "ulimits":
                // A single limit of 0 is soft and hard 0 (JSON prints that zero value as `{}`).
                if var limits = value.mapping {
                    for limit in limits.entries where limit.value.int == 0 {
                        limits[limit.key] = Node(.mapping(Mapping([("soft", .int(0)), ("hard", .int(0))])), location: limit.value.location)
                    }
                    result = Node(.mapping(limits), location: value.location)
                }
            case "post_start", "pre_stop":
                if let hooks = value.sequence {
                    var out: [Node] = []
                    for hook in hooks {
                        out.append(try hookLike(hook))
                    }
                    result = Node(.sequence(out), location: value.location)
                }
            case "develop":
                result = develop(value, directory: directory)
            case "mem_swappiness":
                // A string in compose's model (`60` prints "60"); 0 is its zero value, not printed.
                if let text = value.scalarText { result = text == "0" ? nil : Node(.string(text), location: value.location) }
            case "gpus":
                result = gpus(value)
            case "blkio_config":
                result = try blkio(value, path: path)
            case "provider":
                result = provider(value)
            case "cpus":
                if let text = value.string, let d = Double(text) { result = Node(.double(d), location: value.location) }
            default:
                break
            }
            // Numbers compose's model keeps without a pointer: 0 is their zero value, not printed.
            if Self.numericZeroOmitted.contains(key), let r = result, Self.isNumericZero(r) { result = nil }
            let keepsZero = key.hasPrefix("x-") || key == "init" || key == "attach" || ((key == "logging" || key == "healthcheck") && result?.mapping != nil) || ((key == "command" || key == "entrypoint") && result?.sequence != nil)
            if let result, keepsZero || !isZero(result) { out.set(key, result, keyLocation: entry.keyLocation) }
        }
        addImplicitDependencies(&out)
        // compose-go looks for the key: `network_mode: ""` (printed as nothing) still means no default network.
        if normalizes && out["networks"] == nil && service["network_mode"] == nil && service["provider"] == nil {
            out["networks"] = Node(.mapping(Mapping([("default", .null)])))
        }
        var canonical = node
        canonical.value = .mapping(inComposeOrder(out))
        return canonical
    }

    /// Keys as compose prints them: `profiles` first, then attributes by name, `x-` last; Go maps
    /// (environment, labels, ...) by key; healthcheck fields in compose's struct order.
    static func inComposeOrder(_ m: Mapping) -> Mapping {
        let sorted = sortingMaps(m)
        var ordered = Mapping()
        if let profiles = sorted.entry("profiles") { ordered.set(profiles.key, profiles.value, keyLocation: profiles.keyLocation) }
        let plain = sorted.entries.filter { !$0.key.hasPrefix("x-") && $0.key != "profiles" }.sorted { $0.key < $1.key }
        let extensions = sorted.entries.filter { $0.key.hasPrefix("x-") }.sorted { $0.key < $1.key }
        for entry in plain + extensions { ordered.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
        return ordered
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



    /// compose omits a service attribute left at its zero value (false, "", empty list or map).
    static let numericZeroOmitted: Set<String> = ["cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime",
                                                  "cpu_shares", "cpus", "pids_limit", "oom_score_adj", "mem_limit", "mem_reservation",
                                                  "memswap_limit", "shm_size"]

    static func isNumericZero(_ node: Node) -> Bool {
        switch node.value {
        case .int(let i): return i == 0
        case .uint(let u): return u == 0
        case .double(let d): return d == 0
        case .string(let s): return Double(s) == 0
        default: return false
        }
    }

    static func isZero(_ node: Node) -> Bool {
        switch node.value {
        case .bool(let b): return !b
        case .string(let s): return s.isEmpty
        case .sequence(let items): return items.isEmpty
        case .mapping(let m): return m.isEmpty
        case .null: return true
        default: return false
        }
    }

    /// A service sharing another's network, IPC or PID namespace, volumes or links depends on it.
    static func addImplicitDependencies(_ service: inout Mapping) {
        // Each implied dependency keeps where it was written, so an undefined one is reported there.
        var implied: [(name: String, at: SourceLocation?)] = []
        for key in ["network_mode", "ipc", "pid"] {
            if let node = service[key], let mode = node.string, mode.hasPrefix("service:") { implied.append((String(mode.dropFirst(8)), node.location)) }
        }
        var withoutRestart: Set<String> = []
        // compose-go: links and shared namespaces imply `restart: true`; volumes_from alone does not.
        var withRestart = Set(implied.map(\.name))
        for entry in service["links"]?.sequence ?? [] {
            guard let text = entry.string else { continue }
            withRestart.insert(String(text.split(separator: ":").first ?? ""))
        }
        for entry in service["volumes_from"]?.sequence ?? [] {
            guard let text = entry.string, !text.hasPrefix("container:") else { continue }
            let name = String(text.split(separator: ":").first ?? "")
            implied.append((name, entry.location))
            withoutRestart.insert(name)
        }
        for entry in service["links"]?.sequence ?? [] {
            guard let text = entry.string else { continue }
            implied.append((String(text.split(separator: ":").first ?? ""), entry.location))
        }
        guard !implied.isEmpty else { return }
        var deps = service["depends_on"]?.mapping ?? Mapping()
        for (name, location) in implied where !name.isEmpty && deps[name] == nil {
            var dep = Mapping([("condition", .string("service_started"))])
            if !withoutRestart.contains(name) || withRestart.contains(name) { dep["restart"] = .bool(true) }
            dep["required"] = .bool(true)
            deps.set(name, Node(.mapping(dep), location: location), keyLocation: location)
        }
        service["depends_on"] = Node(.mapping(deps), location: service["depends_on"]?.location)
    }

    /// A lifecycle hook or a watch `exec`: the command split into words, the environment a map.
    static func hookLike(_ node: Node) throws(LoadError) -> Node {
        guard var h = node.mapping else { return node }
        if let cmd = h["command"] { h["command"] = try command(cmd) }
        if let env = h["environment"] {
            var m = stringMap((try? PreMergeForm.keyValueMapping(env, separator: "=")) ?? env).mapping
            m?.sortKeys()
            if let m { h["environment"] = Node(.mapping(m), location: env.location) }
        }
        return Node(.mapping(h), location: node.location)
    }

    /// `develop.watch` entries: paths absolute, and the `exec` block compose always prints.
    static func develop(_ node: Node, directory: String) -> Node {
        guard var m = node.mapping, let watch = m["watch"]?.sequence else { return node }
        m["watch"] = Node(.sequence(watch.map { item in
            guard var w = item.mapping else { return item }
            if let p = w["path"]?.string { w["path"] = Node(.string(PathRules.absolute(p, relativeTo: directory)), location: w["path"]?.location) }
            for key in ["ignore", "include"] { if let v = w[key], v.string != nil { w[key] = stringList(v) } }
            if w["exec"] == nil { w["exec"] = Node(.mapping(Mapping([("command", .null)]))) }
            else if let exec = w["exec"] { w["exec"] = (try? hookLike(exec)) ?? exec }
            return Node(.mapping(w), location: item.location)
        }))
        return Node(.mapping(m), location: node.location)
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

    static func stringMap(_ node: Node, nullAsEmpty: Bool = false) -> Node {
        guard var m = node.mapping else { return node }
        for entry in m.entries {
            if let text = entry.value.scalarText {
                m[entry.key] = Node(.string(text), location: entry.value.location)
            } else if nullAsEmpty, entry.value.isNull {
                m[entry.key] = Node(.string(""), location: entry.value.location)
            }
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
        if case .double = node.value {
            // compose v2.40.3 accepts a YAML float here and drops it: the container runs with no
            // limit at all (`mem_limit: 1e3`, `shm_size: 1.5`). A cap the user wrote is never lost.
            throw LoadError(
                .invalidValue,
                "\(path): \(text) is a floating-point number, not a size (docker compose drops it silently and applies no limit)",
                at: node.location, hint: "write whole bytes or a unit: 1000, 1k, 512m")
        }
        if text == "-1" { return Node(.string(text), location: node.location) }  // unlimited (memswap_limit)
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
            if let restart = given["restart"], restart.bool != false { dep["restart"] = restart }
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
                var m = try VolumeSpec.longForm(spec, at: item.location)
                if let target = m["target"], let t = target.string { m["target"] = Node(.string(PathRules.clean(t)), location: target.location) }
                out.append(Node(.mapping(m), location: item.location))
            } else if var m = item.mapping {
                // compose cleans the target as Go's path.Clean does (`/data/` -> `/data`, `""` -> `.`).
                if let target = m["target"], let t = target.string { m["target"] = Node(.string(PathRules.clean(t)), location: target.location) }
                let type = m["type"]?.string ?? "volume"
                if var bind = m["bind"]?.mapping {
                    for entry in bind.entries where isZero(entry.value) { bind.remove(entry.key) }
                    // An empty `bind: {}` stays: compose prints it, and it means "do not create
                    // the host path" (the Mount API), unlike no `bind:` at all.
                    m["bind"] = Node(.mapping(bind))
                }
                if var tmpfs = m["tmpfs"]?.mapping {
                    if let size = tmpfs["size"] { tmpfs["size"] = try bytes(size, path: "volumes.tmpfs.size") }
                    // `size: 0` and `mode: 0` are compose's zero values: not printed (`tmpfs: {}` stays).
                    for entry in tmpfs.entries where isZero(entry.value) || entry.value.int == 0 || entry.value.string == "0" {
                        tmpfs.remove(entry.key)
                    }
                    m["tmpfs"] = Node(.mapping(tmpfs))
                }
                // A `volume:` block keeps only what is set (`nocopy: false` is no option); a long
                // syntax without one gets none (the short syntax's `volume: {}` is VolumeSpec's).
                if var volume = m["volume"]?.mapping {
                    for entry in volume.entries where isZero(entry.value) { volume.remove(entry.key) }
                    m["volume"] = Node(.mapping(volume))
                }
                // `source: ""` is an anonymous volume.
                if type == "volume", let source = m["source"], source.string == "" { m.remove("source") }
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
            if secrets, m["target"] == nil, let source = m["source"]?.scalarText {
                m["target"] = Node(.string("/run/secrets/" + source))
            }
            // `target: ""` (after interpolation) and `uid: ""` are not printed (no default target then).
            for entry in m.entries where entry.value.string == "" { m.remove(entry.key) }
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
        if let test = m["test"], test.sequence?.isEmpty == true { m.remove("test") }  // `test: []` is no test (`healthcheck: {}` stays)
        if m["disable"]?.bool == false { m.remove("disable") }
        return Node(.mapping(m), location: node.location)
    }

    /// `host=ip` lines grouped by host (hosts sorted, each host's addresses in written order);
    /// `host:ip` written `host=ip`, `[v6]` without brackets.
    static func extraHosts(_ node: Node) -> Node {
        guard let items = node.sequence else { return node }
        var byHost: [String: [Node]] = [:]
        for item in items {
            guard let line = item.string, let parts = PreMergeForm.hostAndAddress(line) else { continue }
            let host = parts.host
            var ip = parts.address
            if ip.hasPrefix("[") && ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
            byHost[host, default: []].append(Node(.string("\(host)=\(ip)"), location: item.location))
        }
        return Node(.sequence(byHost.keys.sorted().flatMap { byHost[$0]! }), location: node.location)
    }

    /// `SOURCE[:TARGET[:PERMISSIONS]]` device mappings in long form.
    static func devices(_ node: Node) -> Node {
        guard let items = node.sequence else { return node }
        return Node(.sequence(items.map { item in
            guard let spec = item.string else { return item }
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            var m = Mapping()
            m["source"] = .string(parts[0])
            m["target"] = .string(parts.count > 1 ? parts[1] : parts[0])
            m["permissions"] = .string(parts.count > 2 ? parts[2] : "rwm")
            return Node(.mapping(m), location: item.location)
        }), location: node.location)
    }

    static let blkioOrder = ["weight", "weight_device", "device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops"]

    /// compose's field order; throttle rates are byte counts printed as strings (`1mb` -> "1048576",
    /// an IOPS `100` -> "100").
    static func blkio(_ node: Node, path: String) throws(LoadError) -> Node {
        guard let m = node.mapping else { return node }
        var out = Mapping()
        for key in blkioOrder {
            guard let value = m[key] else { continue }
            guard key.hasPrefix("device_"), let items = value.sequence else { out.set(key, value, keyLocation: m.keyLocation(key)); continue }
            var devices: [Node] = []
            for item in items {
                guard var device = item.mapping, let rate = device["rate"] else { devices.append(item); continue }
                device["rate"] = try bytes(rate, path: "\(path).\(key).rate")
                devices.append(Node(.mapping(device), location: item.location))
            }
            out.set(key, Node(.sequence(devices), location: value.location), keyLocation: m.keyLocation(key))
        }
        for entry in m.entries where !blkioOrder.contains(entry.key) { out.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
        return Node(.mapping(out), location: node.location)
    }

    /// `gpus: all` is one request for every GPU; list entries are device requests.
    static func gpus(_ node: Node) -> Node {
        if node.string == "all" { return Node(.sequence([Node(.mapping(Mapping([("count", .int(-1))])), location: node.location)]), location: node.location) }
        guard let items = node.sequence else { return node }
        return Node(.sequence(items.map(deviceRequest)), location: node.location)
    }

    /// A device request as compose prints it: `count: all` (or no count and no device_ids) is -1,
    /// a string count a number, option values strings.
    static func deviceRequest(_ node: Node) -> Node {
        guard var m = node.mapping else { return node }
        if let count = m["count"] {
            if count.scalarText == "all" { m["count"] = Node(.int(-1), location: count.location) }
            else if let text = count.scalarText, let n = Int(text) { m["count"] = Node(.int(n), location: count.location) }
        } else if m["device_ids"] == nil {
            m["count"] = .int(-1)
        }
        if let options = m["options"] { m["options"] = stringMap(options) }
        // `gpus` entries let other keys through the schema; compose's model has no place for them.
        for entry in m.entries where !Schema.deviceRequest.contains(entry.key) { m.remove(entry.key) }
        return Node(.mapping(m), location: node.location)
    }

    /// Provider options are lists of strings (`size: 256` prints `["256"]`).
    static func provider(_ node: Node) -> Node {
        guard var m = node.mapping, let options = m["options"], var o = options.mapping else { return node }
        for entry in o.entries {
            let values = entry.value.sequence ?? [entry.value]
            o[entry.key] = Node(.sequence(values.map { v in v.scalarText.map { Node(.string($0), location: v.location) } ?? v }), location: entry.value.location)
        }
        m["options"] = Node(.mapping(o), location: options.location)
        return Node(.mapping(m), location: node.location)
    }

    static func build(_ node: Node, environment: [String: String], path: String, normalizes: Bool = true) throws(LoadError) -> Node {
        guard var m = node.mapping else { return node }
        if normalizes && m["dockerfile"] == nil && m["dockerfile_inline"] == nil { m["dockerfile"] = .string("Dockerfile") }
        if let labels = m["labels"] { m["labels"] = stringMap(labels, nullAsEmpty: true) }
        if let args = m["args"], var a = stringMap(args).mapping {
            // A bare ARG takes the shell's value, and is dropped when the shell has none.
            for entry in a.entries where entry.value.isNull {
                if let v = environment[entry.key] { a[entry.key] = Node(.string(v), location: entry.value.location) } else { a.remove(entry.key) }
            }
            m["args"] = Node(.mapping(a), location: args.location)
        }
        if let hosts = m["extra_hosts"] { m["extra_hosts"] = extraHosts(try PreMergeForm.extraHosts(hosts)) }
        if let shm = m["shm_size"] {
            let size = try bytes(shm, path: "\(path).shm_size")
            if isNumericZero(size) { m.remove("shm_size") } else { m["shm_size"] = size }
        }
        // Attestations are strings in compose's model (`sbom: true` prints "true").
        for key in ["sbom", "provenance"] { if let v = m[key], let text = v.scalarText { m[key] = Node(.string(text), location: v.location) } }
        if let secrets = m["secrets"] { m["secrets"] = fileMounts(secrets, secrets: false) }
        // Like the service's own attributes, a field left at its zero value ("" after
        // interpolation, an args map whose bare keys all went away) is not printed.
        for entry in m.entries where entry.key != "context" && isZero(entry.value) { m.remove(entry.key) }
        return Node(.mapping(m), location: node.location)
    }

    static func deploy(_ node: Node, path: String) throws(LoadError) -> Node {
        guard var m = node.mapping else { return node }
        if let labels = m["labels"] { m["labels"] = stringMap(labels, nullAsEmpty: true) }
        if m["placement"] == nil { m["placement"] = Node(.mapping(Mapping())) }
        if m["resources"] == nil { m["resources"] = Node(.mapping(Mapping())) }
        if let resources = m["resources"], var r = resources.mapping {
            for kind in ["limits", "reservations"] {
                guard let limits = r[kind], var l = limits.mapping else { continue }
                if let cpus = l["cpus"], let text = cpus.scalarText, let d = Double(text) { l["cpus"] = Node(.double(d), location: cpus.location) }
                if let memory = l["memory"] { l["memory"] = try bytes(memory, path: "\(path).resources.\(kind).memory") }
                for key in ["cpus", "memory", "pids"] { if let v = l[key], isNumericZero(v) { l.remove(key) } }  // 0 is no limit: not printed
                if let devices = l["devices"]?.sequence { l["devices"] = Node(.sequence(devices.map(deviceRequest)), location: l["devices"]?.location) }
                r[kind] = Node(.mapping(l), location: limits.location)
            }
            m["resources"] = Node(.mapping(r), location: resources.location)
        }
        // Go's time.Duration form (`2m0s`); a zero duration is not printed, except in restart_policy
        // (pointers there: `0s` is a value). Empty strings and lists are compose's zero values.
        for key in ["mode", "endpoint_mode"] { if let v = m[key], isZero(v) { m.remove(key) } }
        for (block, keys) in [("update_config", ["delay", "monitor"]), ("rollback_config", ["delay", "monitor"]), ("restart_policy", ["delay", "window"]),
                              ("placement", [])] {
            guard let blockNode = m[block], var b = blockNode.mapping else { continue }
            for key in keys {
                guard let v = b[key] else { continue }
                let formatted = try duration(v, path: "\(path).\(block).\(key)")
                if formatted.string == "0s" && block != "restart_policy" { b.remove(key) } else { b[key] = formatted }
            }
            for entry in b.entries where isZero(entry.value) || (entry.key == "max_failure_ratio" && (entry.value.int == 0 || entry.value.scalarText.flatMap(Double.init) == 0)) { b.remove(entry.key) }
            m[block] = Node(.mapping(b), location: blockNode.location)
        }
        return Node(.mapping(m), location: node.location)
    }
}
