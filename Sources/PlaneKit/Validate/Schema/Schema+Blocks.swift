/// compose's schema inside service blocks that carry their own keys: deploy resources, ulimits,
/// long-syntax devices, develop.watch entries. Messages are compose's, at the line written.
extension Schema {
    static let resourceKinds: [String: Set<String>] = [
        "limits": ["cpus", "memory", "pids"],
        "reservations": ["cpus", "memory", "devices", "generic_resources"],
    ]
    static let device: Set<String> = ["source", "target", "permissions"]
    static let watchEntry: Set<String> = ["path", "action", "target", "ignore", "include", "exec", "initial_sync"]

    static let deviceRequest: Set<String> = ["capabilities", "count", "device_ids", "driver", "options"]

    /// `gpus` (`all`, or a list of requests: any other keys are let through) and deploy device
    /// reservations (only compose's keys, `capabilities` required), in compose's words.
    static func validateDeviceRequests(_ service: Mapping, path: String) throws(LoadError) {
        if let gpus = service["gpus"], let text = gpus.scalarText, text != "all" {
            throw LoadError(.invalidValue, "\(path).gpus value must be 'all'", at: gpus.location, hint: "write gpus: all, or a list of device requests")
        }
        let deployKey = "deploy.resources.reservations.devices"
        let requests = (service["deploy"]?["resources"]?["reservations"]?["devices"]?.sequence ?? []).map { (deployKey, $0) }
            + (service["gpus"]?.sequence ?? []).map { ("gpus", $0) }
        var index: [String: Int] = [:]
        for (key, request) in requests {
            let i = index[key, default: 0]
            index[key] = i + 1
            guard let m = request.mapping else {
                throw LoadError(.invalidType, "\(path).\(key).\(i) must be a mapping", at: request.location,
                                hint: "a device request is a mapping: capabilities, count or device_ids, driver, options")
            }
            if key == deployKey {
                try checkKeys(m, allowed: deviceRequest, path: "\(path).\(key).\(i)")
                if m["capabilities"] == nil {
                    throw LoadError(.invalidValue, "\(path).\(key).\(i) missing property 'capabilities'", at: request.location,
                                    hint: "add capabilities: [gpu]")
                }
            }
            for list in ["capabilities", "device_ids"] {
                if let v = m[list], v.sequence == nil {
                    throw LoadError(.invalidType, "\(path).\(key).\(i).\(list) must be a array", at: v.location, hint: "write it as a list: [\(v.scalarText ?? "")]")
                }
            }
            if let count = m["count"], let text = count.string, text != "all", Int(text) == nil {
                let name = path.dropFirst("services.".count)
                let field = key == "gpus" ? "gpus" : "deploy.resources.reservations.devices"
                throw LoadError(.invalidValue, "'services[\(name)].\(field)[\(i)].count' invalid value \"\(text)\", the only value allowed is 'all' or a number",
                                at: count.location)
            }
            // A device request asks for a number of devices or for named ones, never both.
            if m["count"] != nil && m["device_ids"] != nil {
                throw LoadError(.invalidValue, "\(path).\(key).[]: \"count\" and \"device_ids\" attributes are exclusive",
                                at: m.keyLocation("device_ids") ?? request.location,
                                hint: "keep count: N (any N devices) or device_ids: [...] (these devices), not both")
            }
        }
    }

    static func validateBlocks(_ service: Mapping, path: String) throws(LoadError) {
        if let resources = service["deploy"]?["resources"]?.mapping {
            try checkKeys(resources, allowed: Set(resourceKinds.keys), path: "\(path).deploy.resources")
            for (kind, allowed) in resourceKinds {
                if let block = resources[kind]?.mapping { try checkKeys(block, allowed: allowed, path: "\(path).deploy.resources.\(kind)") }
            }
        }
        for entry in service["ulimits"]?.mapping?.entries ?? [] {
            guard let limit = entry.value.mapping else { continue }
            let limitPath = "\(path).ulimits.\(entry.key)"
            try checkKeys(limit, allowed: ["soft", "hard"], path: limitPath)
            if limit["soft"] == nil || limit["hard"] == nil {
                throw LoadError(.invalidType, "\(limitPath) must be a integer or string", at: entry.value.location,
                                hint: "give both soft: and hard:, or one number for both")
            }
        }
        for (i, item) in (service["devices"]?.sequence ?? []).enumerated() {
            guard let m = item.mapping else { continue }
            try checkKeys(m, allowed: device, path: "\(path).devices[\(i)]")
            if m["target"] == nil {
                throw LoadError(.invalidValue, "service device \(path).devices.[\(i)] is missing a mount target", at: item.location,
                                hint: "add target: the device's path inside the container")
            }
        }
        for (i, item) in (service["develop"]?["watch"]?.sequence ?? []).enumerated() {
            guard let m = item.mapping else { continue }
            try checkKeys(m, allowed: watchEntry, path: "\(path).develop.watch.\(i)")
            for required in ["action", "path"] where m[required] == nil {
                throw LoadError(.invalidValue, "\(path).develop.watch.\(i) missing property '\(required)'", at: item.location,
                                hint: required == "action" ? "add action: sync, rebuild, restart, sync+restart or sync+exec" : "add path: the host path to watch")
            }
            if let watched = m["path"], watched.string == "" {
                throw LoadError(.invalidValue, "\(path).develop.watch.[].path: value can't be blank", at: watched.location,
                                hint: "give the host path to watch")
            }
        }
        try validateDeviceRequests(service, path: path)
        for block in ["update_config", "rollback_config"] {
            guard let order = service["deploy"]?[block]?["order"], let text = order.string, text != "start-first", text != "stop-first" else { continue }
            throw LoadError(.invalidValue, "\(path).deploy.\(block).order value must be one of 'start-first', 'stop-first'", at: order.location,
                            hint: Suggestion.hint(for: text, among: ["start-first", "stop-first"]))
        }
        if let cgroup = service["cgroup"], let text = cgroup.string, text != "host", text != "private" {
            throw LoadError(.invalidValue, "\(path).cgroup value must be one of 'host', 'private'", at: cgroup.location,
                            hint: Suggestion.hint(for: text, among: ["host", "private"]))
        }
    }
}
