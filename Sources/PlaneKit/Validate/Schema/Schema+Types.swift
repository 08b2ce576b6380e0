/// The JSON types compose's schema allows per service attribute, for the attributes whose wrong
/// type would otherwise be coerced (a list label value to "") or dropped (a `stop_signal` list,
/// a `dns` mapping). Messages are compose's, at the line the value was written.
extension Schema {
    enum Shape {
        /// A string only.
        case string
        /// A string or null.
        case nullableString
        /// A string or a list of scalars.
        case stringOrList
        /// A number or a string (sizes, counts, `cpus`).
        case numberOrString
        /// A mapping of scalar values, or a list of scalars (`labels`, `sysctls`, ...).
        case scalarMap
        /// A list of scalars.
        case scalarList
    }

    static let serviceShapes: [(String, Shape)] = [
        ("stop_signal", .string), ("cgroup", .string), ("cgroup_parent", .string), ("ipc", .string),
        ("network_mode", .string), ("container_name", .string), ("domainname", .string), ("runtime", .string),
        ("mac_address", .string), ("userns_mode", .string), ("uts", .string), ("isolation", .string),
        ("pid", .nullableString), ("dns", .stringOrList), ("dns_search", .stringOrList), ("tmpfs", .stringOrList),
        ("shm_size", .numberOrString), ("mem_limit", .numberOrString), ("mem_reservation", .numberOrString),
        ("memswap_limit", .numberOrString), ("cpus", .numberOrString), ("cpu_shares", .numberOrString),
        ("cpu_quota", .numberOrString), ("cpu_period", .numberOrString), ("pids_limit", .numberOrString),
        ("scale", .numberOrString), ("oom_score_adj", .numberOrString),
        ("labels", .scalarMap), ("sysctls", .scalarMap), ("annotations", .scalarMap),
        ("profiles", .scalarList), ("dns_opt", .scalarList), ("device_cgroup_rules", .scalarList),
    ]

    static func validateShapes(_ service: Mapping, path: String) throws(LoadError) {
        for (key, shape) in serviceShapes {
            guard let value = service[key] else { continue }
            try check(value, shape, path: "\(path).\(key)")
        }
        for key in ["command", "entrypoint"] {
            for (i, item) in (service[key]?.sequence ?? []).enumerated() where !item.isScalar {
                throw LoadError(.invalidType, "\(path).\(key).\(i) must be a string", at: item.location)
            }
        }
        if let env = service["env_file"], env.mapping != nil {
            throw LoadError(.invalidType, "\(path).env_file must be a string or a list", at: env.location)
        }
        if let deploy = service["deploy"], let labels = deploy["labels"] { try check(labels, .scalarMap, path: "\(path).deploy.labels") }
        if let build = service["build"]?.mapping {
            for key in ["args", "labels"] { if let v = build[key] { try check(v, .scalarMap, path: "\(path).build.\(key)") } }
        }
        if let test = service["healthcheck"]?["test"] { try check(test, .stringOrList, path: "\(path).healthcheck.test") }
        if let logging = service["logging"]?.mapping {
            if let driver = logging["driver"] { try check(driver, .string, path: "\(path).logging.driver") }
            if let options = logging["options"] { try check(options, .scalarMap, path: "\(path).logging.options") }
        }
        for entry in service["extra_hosts"]?.mapping?.entries ?? [] where entry.value.mapping != nil {
            throw LoadError(.invalidType, "\(path).extra_hosts.\(entry.key) must be a string", at: entry.value.location)
        }
        for entry in service["ulimits"]?.mapping?.entries ?? [] where entry.value.sequence != nil {
            throw LoadError(.invalidType, "\(path).ulimits.\(entry.key) must be a integer or string", at: entry.value.location)
        }
        for (i, item) in (service["group_add"]?.sequence ?? []).enumerated() where !item.isScalar {
            throw LoadError(.invalidType, "\(path).group_add.\(i) must be a number or string", at: item.location)
        }
    }

    static func check(_ value: Node, _ shape: Shape, path: String) throws(LoadError) {
        switch shape {
        case .string:
            if value.string == nil {
                throw LoadError(.invalidType, "\(path) must be a string", at: value.location,
                                hint: value.isScalar && !value.isNull ? "quote it: \"\(value.scalarText ?? "")\"" : nil)
            }
        case .nullableString:
            if value.string == nil && !value.isNull {
                throw LoadError(.invalidType, "\(path) must be a null or string", at: value.location)
            }
        case .stringOrList:
            if value.mapping != nil {
                throw LoadError(.invalidType, "\(path) must be a string or a list of strings", at: value.location)
            }
            for (i, item) in (value.sequence ?? []).enumerated() where !item.isScalar {
                throw LoadError(.invalidType, "\(path).[\(i)]: unexpected type \(item.kindName)", at: item.location)
            }
        case .numberOrString:
            if !value.isScalar || value.bool != nil {
                throw LoadError(.invalidType, "\(path) must be a number or string", at: value.location)
            }
        case .scalarMap:
            if let m = value.mapping {
                for entry in m.entries where !entry.value.isScalar {
                    throw LoadError(.invalidType, "\(path).\(entry.key) must be a boolean, null, number or string", at: entry.value.location,
                                    hint: "a \(entry.value.kindName) is not a value here; quote it to keep it as text")
                }
            } else if let items = value.sequence {
                for (i, item) in items.enumerated() where !item.isScalar {
                    throw LoadError(.invalidType, "\(path).[\(i)]: unexpected type \(item.kindName)", at: item.location)
                }
            } else if !value.isNull {
                throw LoadError(.invalidType, "\(path) must be a mapping", at: value.location)
            }
        case .scalarList:
            guard let items = value.sequence else {
                if value.isNull { return }
                throw LoadError(.invalidType, "\(path) must be a array", at: value.location)
            }
            for (i, item) in items.enumerated() where !item.isScalar {
                throw LoadError(.invalidType, "\(path).[\(i)]: unexpected type \(item.kindName)", at: item.location)
            }
        }
    }
}

extension Node {
    /// Null, a boolean, a number or a string: what a YAML scalar decodes to.
    var isScalar: Bool { mapping == nil && sequence == nil }
}
