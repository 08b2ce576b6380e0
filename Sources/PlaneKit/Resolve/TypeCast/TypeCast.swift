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

    static func target(for path: [String]) -> Target? {
        guard path.count >= 3 else { return nil }
        if path[0] == "services" {
            let rest = path[2...]
            for (pattern, target) in servicePaths where pattern.count == rest.count {
                if zip(pattern, rest).allSatisfy({ $0 == "*" || $0 == $1 }) { return target }
            }
            return nil
        }
        if path.count == 3, ["networks", "volumes", "secrets", "configs"].contains(path[0]), let t = resourceFlags[path[2]] {
            if path[2] != "external" && path[0] != "networks" { return nil }
            return t
        }
        return nil
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
            if let d = Double(text) { return .double(d) }
            throw LoadError(.invalidType, "\(path.joined(separator: ".")): failed to cast to expected type: invalid number: \(text)", at: location)
        }
    }
}
