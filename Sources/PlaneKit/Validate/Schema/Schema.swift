/// Structural validation of a compose document: unknown keys (with the nearest valid one) and
/// the shapes compose refuses, reported at the line and column they were written.
enum Schema {
    static func isServiceName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 46 || c == 95 || c == 45
        }
    }

    /// `base` is the model the earlier files made: compose checks a file once merged onto it, so a
    /// dependency's `condition` given earlier need not be repeated.
    static func validateTopLevel(_ model: Mapping, base: Mapping? = nil) throws(LoadError) {
        try checkKeys(model, allowed: SchemaKeys.topLevel, path: "(root)")
        for entry in model.entries where !entry.key.hasPrefix("x-") {
            try rejectTimestamps(entry.value, path: entry.key)
        }
        if let name = model["name"], name.string == nil {
            throw LoadError(.invalidType, "name must be a string", at: name.location)
        }
        if let services = model["services"] {
            guard let m = services.mapping else {
                if services.isNull { return }
                throw LoadError(.invalidType, "services must be a mapping, found \(services.kindName)", at: model.keyLocation("services") ?? services.location)
            }
            let earlier = base?["services"]?.mapping
            for entry in m.entries {
                try validateService(entry.value, name: entry.key, keyLocation: entry.keyLocation, base: earlier?[entry.key])
            }
        }
        for (section, allowed) in SchemaKeys.resources {
            guard let node = model[section], let m = node.mapping else {
                if let node = model[section], !node.isNull {
                    throw LoadError(.invalidType, "\(section) must be a mapping, found \(node.kindName)", at: node.location)
                }
                continue
            }
            for entry in m.entries {
                guard let resource = entry.value.mapping else {
                    if entry.value.isNull { continue }
                    throw LoadError(.invalidType, "\(section).\(entry.key) must be a mapping, found \(entry.value.kindName)", at: entry.value.location)
                }
                try checkKeys(resource, allowed: allowed, path: "\(section).\(entry.key)")
                for opt in resource["driver_opts"]?.mapping?.entries ?? [] where section == "volumes" || section == "networks" {
                    let numberOrString: Bool
                    switch opt.value.value {
                    case .string, .int, .uint, .double: numberOrString = true
                    default: numberOrString = false
                    }
                    if !numberOrString {
                        throw LoadError(.invalidType, "\(section).\(entry.key).driver_opts.\(opt.key) must be a number or string", at: opt.value.location,
                                        hint: "quote it: \(opt.key): \"\(opt.value.scalarText ?? "")\"")
                    }
                }
            }
        }
    }

    static func validateService(_ node: Node, name: String, keyLocation: SourceLocation?, base: Node? = nil) throws(LoadError) {
        if !isServiceName(name) {
            throw LoadError(.unknownKey, "services additional properties '\(name)' not allowed", at: keyLocation,
                            hint: "service names use letters, digits, '.', '_' and '-'")
        }
        if node.tag == .reset { return }
        guard let service = node.mapping else {
            throw LoadError(.invalidType, "services.\(name) must be a mapping, found \(node.kindName)", at: node.location ?? keyLocation)
        }
        let path = "services.\(name)"
        try checkKeys(service, allowed: SchemaKeys.service, path: path)
        try validateServiceValues(service, path: path, base: base)
        for (key, allowed) in SchemaKeys.nested {
            guard let value = service[key] else { continue }
            if key == "extends", value.string != nil { continue }
            if key == "build", value.string != nil { continue }
            guard let m = value.mapping else {
                if value.isNull { continue }
                throw LoadError(.invalidType, "\(path).\(key) must be a mapping, found \(value.kindName)", at: value.location)
            }
            try checkKeys(m, allowed: allowed, path: "\(path).\(key)")
        }
        try checkEntries(service["depends_on"], allowed: SchemaKeys.dependsOnEntry, path: "\(path).depends_on", listAllowed: true)
        try checkEntries(service["networks"], allowed: SchemaKeys.serviceNetwork, path: "\(path).networks", listAllowed: true)
        try checkList(service["ports"], allowed: SchemaKeys.port, path: "\(path).ports", scalars: true)
        try checkList(service["volumes"], allowed: SchemaKeys.volumeMount, path: "\(path).volumes", scalars: true)
        try checkList(service["secrets"], allowed: SchemaKeys.fileMount, path: "\(path).secrets", scalars: true)
        try checkList(service["configs"], allowed: SchemaKeys.fileMount, path: "\(path).configs", scalars: true)
        try checkList(service["devices"], allowed: device, path: "\(path).devices", scalars: true)
        try validateBlocks(service, path: path)
        for key in ["cap_add", "cap_drop", "security_opt", "volumes_from", "links", "external_links", "group_add", "expose"] {
            try checkList(service[key], allowed: nil, path: "\(path).\(key)", scalars: true)
        }
        for key in ["read_only", "privileged", "init", "tty", "stdin_open", "oom_kill_disable"] {
            if let v = service[key], v.bool == nil, !v.isNull {
                throw LoadError(.invalidType, "\(path).\(key) must be a boolean", at: v.location)
            }
        }
    }

    private static func checkEntries(_ node: Node?, allowed: Set<String>, path: String, listAllowed: Bool) throws(LoadError) {
        guard let node else { return }
        if node.sequence != nil && listAllowed { return }
        guard let m = node.mapping else {
            if node.isNull { return }
            throw LoadError(.invalidType, "\(path) must be a list or a mapping, found \(node.kindName)", at: node.location)
        }
        for entry in m.entries {
            guard let e = entry.value.mapping else { continue }
            try checkKeys(e, allowed: allowed, path: "\(path).\(entry.key)")
        }
    }

    private static func checkList(_ node: Node?, allowed: Set<String>?, path: String, scalars: Bool) throws(LoadError) {
        guard let node else { return }
        guard let items = node.sequence else {
            if node.isNull { return }
            throw LoadError(.invalidType, "\(path) must be a list, found \(node.kindName)", at: node.location,
                            hint: "write it as a YAML list, one entry per line starting with \"- \"")
        }
        for (i, item) in items.enumerated() {
            if let m = item.mapping {
                guard let allowed else {
                    throw LoadError(.invalidType, "\(path)[\(i)] must be a string", at: item.location)
                }
                try checkKeys(m, allowed: allowed, path: "\(path)[\(i)]")
            } else if item.sequence != nil || (!scalars) {
                throw LoadError(.invalidType, "\(path)[\(i)] has an invalid type \(item.kindName)", at: item.location)
            }
        }
    }

    /// An unquoted date is a timestamp to YAML, which no compose attribute accepts.
    static func rejectTimestamps(_ node: Node, path: String) throws(LoadError) {
        if node.isTimestamp {
            throw LoadError(.invalidType, "\(path) invalid jsonType time.Time: an unquoted date is a YAML timestamp", at: node.location,
                            hint: "quote it to keep it as text")
        }
        switch node.value {
        case .mapping(let m):
            for entry in m.entries where !entry.key.hasPrefix("x-") { try rejectTimestamps(entry.value, path: "\(path).\(entry.key)") }
        case .sequence(let items):
            for (i, item) in items.enumerated() { try rejectTimestamps(item, path: "\(path).\(i)") }
        default:
            break
        }
    }

    static func checkKeys(_ mapping: Mapping, allowed: Set<String>, path: String) throws(LoadError) {
        for entry in mapping.entries where !allowed.contains(entry.key) && !entry.key.hasPrefix("x-") {
            throw LoadError(
                .unknownKey, "\(path): additional property \"\(entry.key)\" is not allowed", at: entry.keyLocation ?? entry.value.location,
                hint: Suggestion.hint(for: entry.key, among: allowed.sorted()) ?? "remove it, or prefix it with x- to keep it as an extension")
        }
    }
}
