/// After interpolation, strings at typed paths become the type compose expects there
/// (`read_only: "${RO}"` -> a boolean), exactly at the paths compose-go casts.
enum TypeCast {
    enum Target { case int, float, bool }

    /// Path patterns relative to a service; `*` matches one map key or list index.
    static let servicePaths: [([String], Target)] = [
        (["configs", "*", "mode"], .int), (["secrets", "*", "mode"], .int),
        (["cpu_count"], .int), (["cpu_percent"], .float), (["cpu_period"], .int), (["cpu_quota"], .int),
        (["cpu_rt_period"], .int), (["cpu_rt_runtime"], .int), (["cpus"], .float), (["cpu_shares"], .int),
        (["init"], .bool), (["deploy", "replicas"], .int),
        (["deploy", "update_config", "parallelism"], .int), (["deploy", "update_config", "max_failure_ratio"], .float),
        (["deploy", "rollback_config", "parallelism"], .int), (["deploy", "rollback_config", "max_failure_ratio"], .float),
        (["deploy", "restart_policy", "max_attempts"], .int), (["deploy", "placement", "max_replicas_per_node"], .int),
        (["healthcheck", "retries"], .int), (["healthcheck", "disable"], .bool),
        (["oom_kill_disable"], .bool), (["oom_score_adj"], .int), (["pids_limit"], .int),
        (["ports", "*", "target"], .int), (["privileged"], .bool), (["read_only"], .bool), (["scale"], .int),
        (["stdin_open"], .bool), (["tty"], .bool),
        (["ulimits", "*"], .int), (["ulimits", "*", "hard"], .int), (["ulimits", "*", "soft"], .int),
        (["volumes", "*", "read_only"], .bool), (["volumes", "*", "volume", "nocopy"], .bool),
    ]
    static let resourceFlags: [String: Target] = ["external": .bool, "internal": .bool, "attachable": .bool, "enable_ipv6": .bool]

    /// Casts the strings found at typed paths of an interpolated model (a targeted walk: only the
    /// paths in the tables are visited).
    static func apply(to model: Mapping) throws(LoadError) -> Mapping {
        var out = model
        if var services = out["services"]?.mapping {
            for entry in services.entries {
                var service = entry.value
                for (pattern, target) in servicePaths {
                    service = try cast(service, pattern[...], to: target, path: ["services", entry.key])
                }
                services[entry.key] = service
            }
            out["services"]?.mapping = services
        }
        for section in ["networks", "volumes", "secrets", "configs"] {
            guard var resources = out[section]?.mapping else { continue }
            for entry in resources.entries {
                var resource = entry.value
                for (flag, target) in resourceFlags where flag == "external" || section == "networks" {
                    resource = try cast(resource, [flag][...], to: target, path: [section, entry.key])
                }
                resources[entry.key] = resource
            }
            out[section]?.mapping = resources
        }
        return out
    }

    private static func cast(_ node: Node, _ pattern: ArraySlice<String>, to target: Target, path: [String]) throws(LoadError) -> Node {
        guard let head = pattern.first else {
            if case .uint = node.value, target == .int {
                // Compose wraps such a value to a negative number; plane refuses it.
                throw LoadError(.invalidType, "\(path.joined(separator: ".")): \(node.scalarText ?? "") is out of range for a 64-bit integer", at: node.location)
            }
            guard let text = node.string else { return node }
            var out = node
            out.value = try cast(text, to: target, at: node.location, path: path)
            return out
        }
        let rest = pattern.dropFirst()
        var out = node
        switch node.value {
        case .mapping(var m):
            for entry in m.entries where head == "*" || head == entry.key {
                m[entry.key] = try cast(entry.value, rest, to: target, path: path + [entry.key])
            }
            out.value = .mapping(m)
        case .sequence(var items) where head == "*":
            for i in items.indices { items[i] = try cast(items[i], rest, to: target, path: path + ["\(i)"]) }
            out.value = .sequence(items)
        default:
            break
        }
        return out
    }

    static func cast(_ text: String, to target: Target, at location: SourceLocation?, path: [String]) throws(LoadError) -> Node.Value {
        switch target {
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "y", "on": return .bool(true)
            case "false", "no", "n", "off": return .bool(false)
            default:
                throw LoadError(.invalidType, "\(path.joined(separator: ".")): failed to cast to expected type: invalid boolean: \(text)", at: location)
            }
        case .int:
            // File modes written as strings are octal ("440" is r--r-----).
            if path.last == "mode", let i = Int(text, radix: 8) { return .int(i) }
            if let i = ScalarResolver.parseGoInt(text) { return .int(i) }
            throw LoadError(.invalidType, "\(path.joined(separator: ".")): failed to cast to expected type: invalid integer: \(text)", at: location)
        case .float:
            if let d = Double(text) {
                // Go's ParseFloat refuses a finite spelling that overflows (`1e400`); `inf` is fine.
                if d.isFinite || text.lowercased().contains("inf") || text.lowercased().contains("nan") { return .double(d) }
                throw LoadError(.invalidType, "\(path.joined(separator: ".")): failed to cast to expected type: number out of range: \(text)", at: location)
            }
            throw LoadError(.invalidType, "\(path.joined(separator: ".")): failed to cast to expected type: invalid number: \(text)", at: location)
        }
    }
}
