/// Type and value rules of compose's schema for service attributes, checked where written.
extension Schema {
    static let uniqueLists = ["cap_add", "cap_drop", "dns_opt", "dns_search", "expose", "external_links", "links",
                              "security_opt", "volumes_from", "profiles", "device_cgroup_rules"]

    /// What compose's schema wants instead of a null (`logging:` with nothing after it), by
    /// attribute, in its words. `command`, `entrypoint`, `deploy` and `develop` accept null; `pid:`
    /// null passes the schema and crashes compose v2.40.3 (plane reads it as no pid).
    static let nullRefused: [String: String] = [
        "annotations": "a mapping", "attach": "a boolean or string", "blkio_config": "a mapping", "build": "a string",
        "cap_add": "a array", "cap_drop": "a array", "cgroup": "a string", "cgroup_parent": "a string",
        "configs": "a array", "container_name": "a string", "cpu_count": "a string", "cpu_percent": "a string",
        "cpu_period": "a number or string", "cpu_quota": "a number or string", "cpu_rt_period": "a number or string", "cpu_rt_runtime": "a number or string",
        "cpu_shares": "a number or string", "cpus": "a number or string", "cpuset": "a string", "credential_spec": "a mapping",
        "depends_on": "a array", "device_cgroup_rules": "a array", "devices": "a array", "dns": "a string",
        "dns_opt": "a array", "dns_search": "a string", "domainname": "a string", "env_file": "a string",
        "environment": "a mapping", "expose": "a array", "external_links": "a array", "extra_hosts": "a mapping",
        "gpus": "a string", "group_add": "a array", "healthcheck": "a mapping", "hostname": "a string",
        "image": "a string", "init": "a boolean or string", "ipc": "a string", "isolation": "a string",
        "label_file": "a string", "labels": "a mapping", "links": "a array", "logging": "a mapping",
        "mac_address": "a string", "mem_limit": "a number or string", "mem_reservation": "a integer or string", "mem_swappiness": "a integer or string",
        "memswap_limit": "a number or string", "models": "a array", "network_mode": "a string", "networks": "a array",
        "oom_kill_disable": "a boolean or string", "oom_score_adj": "a string", "pids_limit": "a number or string", "platform": "a string",
        "ports": "a array", "post_start": "a array", "pre_stop": "a array", "privileged": "a boolean or string",
        "profiles": "a array", "provider": "a mapping", "pull_policy": "a string", "pull_refresh_after": "a string",
        "read_only": "a boolean or string", "restart": "a string", "runtime": "a string", "scale": "a integer or string",
        "secrets": "a array", "security_opt": "a array", "shm_size": "a number or string", "stdin_open": "a boolean or string",
        "stop_grace_period": "a string", "stop_signal": "a string", "storage_opt": "a mapping", "sysctls": "a mapping",
        "tmpfs": "a string", "tty": "a boolean or string", "ulimits": "a mapping", "use_api_socket": "a boolean",
        "user": "a string", "userns_mode": "a string", "uts": "a string", "volumes": "a array",
        "volumes_from": "a array", "working_dir": "a string",
    ]

    static func validateServiceValues(_ service: Mapping, path: String, base: Node? = nil) throws(LoadError) {
        for entry in service.entries where entry.value.isNull && entry.value.tag == .none {
            guard let wanted = nullRefused[entry.key] else { continue }
            throw LoadError(.invalidType, "\(path).\(entry.key) must be \(wanted)", at: entry.keyLocation ?? entry.value.location,
                            hint: "give it a value, or remove the key (`!reset null` drops what an earlier file set)")
        }
        if let image = service["image"], image.string == nil, !image.isNull {
            throw LoadError(.invalidType, "\(path).image must be a string", at: image.location)
        }
        for key in ["user", "stop_grace_period", "working_dir", "hostname", "restart", "platform", "pull_policy"] {
            if let v = service[key], v.string == nil, !v.isNull {
                throw LoadError(.invalidType, "\(path).\(key) must be a string", at: v.location, hint: "quote it: \(key): \"\(v.scalarText ?? "")\"")
            }
        }
        for key in ["command", "entrypoint"] {
            if let v = service[key], v.mapping != nil || v.bool != nil || v.int != nil {
                throw LoadError(.invalidType, "\(path).\(key) must be a string or a list of strings", at: v.location)
            }
        }
        try validateShapes(service, path: path)
        if let env = service["environment"] {
            if env.scalarText != nil {
                throw LoadError(.invalidType, "\(path).environment must be a mapping or a list", at: env.location)
            }
            for entry in env.mapping?.entries ?? [] where entry.value.mapping != nil || entry.value.sequence != nil {
                throw LoadError(.invalidType, "\(path).environment.\(entry.key) must be a boolean, null, number or string", at: entry.value.location)
            }
        }
        if let policy = service["pull_policy"], let text = policy.string,
           !text.contains(#/always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+/#) {
            throw LoadError(.invalidValue, "\(path).pull_policy '\(text)' does not match pattern 'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'",
                            at: policy.location, hint: Suggestion.hint(for: text, among: ["always", "never", "build", "if_not_present", "missing", "refresh", "daily", "weekly"]))
        }
        if let name = service["container_name"], let text = name.scalarText, !containerNamePattern(text) {
            throw LoadError(.invalidValue, "\(path).container_name '\(text)' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'", at: name.location)
        }
        if let deps = service["depends_on"] {
            if let items = deps.sequence { try checkUnique(items, path: "\(path).depends_on") }
            for entry in deps.mapping?.entries ?? [] {
                guard let dep = entry.value.mapping else { continue }
                guard let condition = dep["condition"] ?? base?["depends_on"]?[entry.key]?["condition"] else {
                    throw LoadError(.invalidValue, "\(path).depends_on.\(entry.key) missing property 'condition'", at: entry.keyLocation,
                                    hint: "add condition: service_started, service_healthy or service_completed_successfully")
                }
                let allowed = ["service_started", "service_healthy", "service_completed_successfully"]
                if let c = condition.scalarText, !allowed.contains(c) {
                    throw LoadError(.invalidValue, "\(path).depends_on.\(entry.key).condition value must be one of 'service_started', 'service_healthy', 'service_completed_successfully'",
                                    at: condition.location, hint: Suggestion.hint(for: c, among: allowed))
                }
            }
        }
        for key in uniqueLists {
            if let items = service[key]?.sequence { try checkUnique(items, path: "\(path).\(key)") }
        }
        for kind in ["secrets", "configs"] {
            for (i, mount) in (service[kind]?.sequence ?? []).enumerated() {
                for id in ["uid", "gid"] {
                    if let v = mount[id], v.string == nil {
                        throw LoadError(.invalidType, "\(path).\(kind).\(i).\(id) must be a string", at: v.location, hint: "quote it: \(id): \"\(v.scalarText ?? "")\"")
                    }
                }
            }
        }
        for (i, volume) in (service["volumes"]?.sequence ?? []).enumerated() {
            guard let m = volume.mapping else { continue }
            let types = ["bind", "volume", "tmpfs", "cluster", "npipe", "image"]
            if let t = m["type"]?.scalarText, !types.contains(t) {
                throw LoadError(.invalidValue, "\(path).volumes.\(i).type value must be one of 'bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'",
                                at: m["type"]?.location, hint: Suggestion.hint(for: t, among: types))
            }
            if let size = m["tmpfs"]?["size"] {
                // compose's schema: a whole number of bytes (at least 0) or a string with a unit. A
                // whole float (`1e3`) passes it and compose drops it (no limit): ServiceCanonicalizer refuses that.
                if case .double(let d) = size.value, d != d.rounded() {
                    throw LoadError(.invalidType, "\(path).volumes.\(i).tmpfs.size must be a integer", at: size.location,
                                    hint: "write whole bytes or a unit: 65536, 64k, 64m")
                }
                if let n = size.int, n < 0 {
                    throw LoadError(.invalidValue, "\(path).volumes.\(i).tmpfs.size must be greater than or equal to 0", at: size.location)
                }
            }
            if m["type"]?.scalarText == "bind", (m["source"]?.scalarText ?? "").isEmpty {
                throw LoadError(.invalidValue, "invalid mount config for type \"bind\": field Source must not be empty", at: volume.location)
            }
        }
        for (i, port) in (service["ports"]?.sequence ?? []).enumerated() {
            if let m = port.mapping, m["target"] == nil {
                throw LoadError(.invalidValue, "service ports \(path).ports.[\(i)] is missing a target port", at: port.location)
            }
        }
        if service["network_mode"] != nil, service["networks"] != nil {
            throw LoadError(.invalidValue, "service \(path.dropFirst(9)) declares mutually exclusive `network_mode` and `networks`",
                            at: service.keyLocation("network_mode"), hint: "keep only one of them")
        }
    }

    private static func containerNamePattern(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count >= 2 else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
        guard alnum(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { alnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func checkUnique(_ items: [Node], path: String) throws(LoadError) {
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let key = Fingerprint.of(item)
            if let j = seen[key] {
                throw LoadError(.invalidValue, "\(path) items at \(j) and \(i) are equal", at: item.location, hint: "remove the duplicate entry")
            }
            seen[key] = i
        }
    }
}
