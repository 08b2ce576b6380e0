/// Makes the relative paths of a model absolute against the folder they were written for:
/// build contexts, env files, bind sources (`~` is the home folder), secret and config files.
enum PathResolution {
    static func resolveModel(_ model: Mapping, against dir: String, home: String?) -> Mapping {
        var out = model
        if let services = out["services"], var m = services.mapping {
            for entry in m.entries { m[entry.key] = resolveService(entry.value, against: dir, home: home) }
            out["services"] = Node(.mapping(m), location: services.location)
        }
        // A local volume bound to a host folder (`driver: local`, `o: bind`, exactly) names it
        // relative to the project like a bind mount; any other driver_opts.device is the driver's.
        if let volumes = out["volumes"], var m = volumes.mapping {
            for entry in m.entries {
                guard var volume = entry.value.mapping, volume["driver"]?.string == "local",
                      let opts = volume["driver_opts"], var o = opts.mapping, o["o"]?.string == "bind",
                      let device = o["device"], let path = device.string else { continue }
                o["device"] = Node(.string(absoluteBindSource(path, against: dir, home: home)), location: device.location)
                volume["driver_opts"] = Node(.mapping(o), location: opts.location)
                m[entry.key] = Node(.mapping(volume), location: entry.value.location)
            }
            out["volumes"] = Node(.mapping(m), location: volumes.location)
        }
        for section in ["secrets", "configs"] {
            guard let resources = out[section], var m = resources.mapping else { continue }
            for entry in m.entries {
                guard var resource = entry.value.mapping, let file = resource["file"], let path = file.string else { continue }
                resource["file"] = Node(.string(PathRules.absolute(path, relativeTo: dir)), location: file.location)
                m[entry.key] = Node(.mapping(resource), location: entry.value.location)
            }
            out[section] = Node(.mapping(m), location: resources.location)
        }
        return out
    }

    /// `defaultContext: false` for the base of a cross-file extends: a build without context gets
    /// the extending project's folder, as compose defaults it after extends, not the base's folder.
    static func resolveService(_ service: Node, against dir: String, home: String?, defaultContext: Bool = true) -> Node {
        guard var m = service.mapping else { return service }
        if let build = m["build"], var b = build.mapping {
            if let ctx = b["context"], let path = ctx.string, !isRemote(path) {
                b["context"] = Node(.string(PathRules.absolute(path, relativeTo: dir)), location: ctx.location)
            } else if b["context"] == nil && defaultContext {
                b["context"] = Node(.string(dir), location: build.location)
            }
            if let extra = b["additional_contexts"], var contexts = extra.mapping {
                for entry in contexts.entries {
                    if let p = entry.value.string, !isRemote(p), !p.contains(":") || p.hasPrefix("/") || p.hasPrefix(".") {
                        contexts[entry.key] = Node(.string(PathRules.absolute(p, relativeTo: dir)), location: entry.value.location)
                    }
                }
                b["additional_contexts"] = Node(.mapping(contexts), location: extra.location)
            }
            if let ssh = b["ssh"] { b["ssh"] = sshKeys(ssh, against: dir, home: home) }
            m["build"] = Node(.mapping(b), location: build.location, tag: build.tag)
        }
        for key in ["env_file", "label_file"] {
            guard let node = m[key], let items = node.sequence else { continue }
            let resolved: [Node] = items.map { item in
                if let p = item.string { return Node(.string(PathRules.absolute(p, relativeTo: dir)), location: item.location) }
                guard var e = item.mapping, let path = e["path"], let p = path.string else { return item }
                e["path"] = Node(.string(PathRules.absolute(p, relativeTo: dir)), location: path.location)
                return Node(.mapping(e), location: item.location)
            }
            m[key] = Node(.sequence(resolved), location: node.location, tag: node.tag)
        }
        if let volumes = m["volumes"], let items = volumes.sequence {
            let resolved: [Node] = items.map { item in
                if let spec = item.string {
                    let parts = VolumeSpec.split(spec)
                    guard parts.count >= 2, VolumeSpec.isBindSource(parts[0]) else { return item }
                    let source = absoluteBindSource(parts[0], against: dir, home: home)
                    return Node(.string(([source] + parts.dropFirst()).joined(separator: ":")), location: item.location)
                }
                guard var v = item.mapping, v["type"]?.string == "bind", let src = v["source"], let s = src.string else { return item }
                v["source"] = Node(.string(absoluteBindSource(s, against: dir, home: home)), location: src.location)
                return Node(.mapping(v), location: item.location)
            }
            m["volumes"] = Node(.sequence(resolved), location: volumes.location, tag: volumes.tag)
        }
        var out = service
        out.value = .mapping(m)
        return out
    }

    /// `build.ssh`, as a list or a mapping: `ID` alone (the agent), or `ID=PATH` with the key's path
    /// made absolute (`~` is the home folder), always written as the list form buildx reads back.
    static func sshKeys(_ node: Node, against dir: String, home: String?) -> Node {
        var keys: [(String, String?, SourceLocation?)] = []
        if let items = node.sequence {
            for item in items {
                guard let text = item.scalarText else { return node }
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                keys.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : nil, item.location))
            }
        } else if let m = node.mapping {
            for entry in m.entries { keys.append((entry.key, entry.value.scalarText, entry.value.location ?? entry.keyLocation)) }
        } else {
            return node
        }
        return Node(.sequence(keys.map { id, path, location in
            guard let path, !path.isEmpty else { return Node(.string(id), location: location) }
            return Node(.string(id + "=" + absoluteBindSource(path, against: dir, home: home)), location: location)
        }), location: node.location)
    }

    static func absoluteBindSource(_ source: String, against dir: String, home: String?) -> String {
        if VolumeSpec.isWindowsAbsolute(source) { return source }
        if source == "~" || source.hasPrefix("~/") {
            return PathRules.clean((home ?? "~") + source.dropFirst())
        }
        return PathRules.absolute(source, relativeTo: dir)
    }

    static func isRemote(_ path: String) -> Bool {
        path.contains("://") || path.hasPrefix("git@") || path.hasPrefix("github.com/")
    }
}
