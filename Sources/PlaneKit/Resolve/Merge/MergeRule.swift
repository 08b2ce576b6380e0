/// How compose combines a value of a later file (or an extending service) with an earlier one,
/// chosen by the attribute's path (compose-go `override` package semantics).
enum MergeRule: Sendable {
    /// Mappings merge key by key, sequences append, scalars replace.
    case deep
    /// The later value replaces the earlier one whole (`command`, `entrypoint`, `healthcheck.test`).
    case replace
    /// `KEY=VALUE` lists or maps, merged by key (`environment`, `labels`, `sysctls`, ...).
    case keyValue
    /// Sequences appended, then entries with the same identity keep one place and the later value.
    case unique(Identity)
    /// `logging`: options merge only when the driver is unchanged.
    case logging

    enum Identity: Sendable {
        case value, volumeTarget, mountTarget, secretTarget, configTarget, port, envFilePath, device
    }

    static func forPath(_ path: [String]) -> MergeRule {
        guard path.count >= 3, path[0] == "services" else {
            if path.count == 4, path[0] == "networks", path[2] == "ipam", path[3] == "config" { return .replace }
            if path.count == 3, path[0] == "networks" || path[0] == "volumes", path[2] == "labels" { return .keyValue }
            return .deep
        }
        let attribute = path[2]
        if path.count == 3 {
            switch attribute {
            case "command", "entrypoint": return .replace
            case "environment", "labels", "annotations", "sysctls": return .keyValue
            case "extra_hosts": return .unique(.value)
            case "volumes": return .unique(.volumeTarget)
            case "secrets": return .unique(.secretTarget)
            case "configs": return .unique(.configTarget)
            case "ports": return .unique(.port)
            case "env_file", "label_file": return .unique(.envFilePath)
            case "devices": return .unique(.device)
            case "logging": return .logging
            case "group_add", "volumes_from", "external_links": return .deep
            default: return .unique(.value)
            }
        }
        let rest = Array(path[3...])
        switch (attribute, rest.first) {
        case ("healthcheck", "test"): return .replace
        case ("build", "args"), ("build", "labels"), ("build", "additional_contexts"), ("build", "extra_hosts"),
             ("deploy", "labels"):
            return rest.count == 1 ? .keyValue : .deep
        case ("ulimits", _): return rest.count == 1 ? .replace : .deep
        case ("build", "secrets"): return .unique(.mountTarget)
        case ("build", "tags"), ("build", "cache_from"), ("build", "cache_to"), ("build", "platforms"),
             ("networks", _):
            return .unique(.value)
        default: return .deep
        }
    }
}
