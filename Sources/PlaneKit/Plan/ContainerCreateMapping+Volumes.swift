import DockerEngine

/// Volumes, file secrets and configs, `volumes_from`, as compose's buildContainerVolumes sends
/// them: binds and project volumes that the old `Binds` syntax can express (no `bind:` block or
/// one that creates the host path without propagation or recursion option; no `nocopy`, no
/// `subpath`) as `Binds`; every other mount (anonymous volumes, tmpfs, binds and volumes that need
/// the Mount API, secrets and configs) as `Mounts`.
extension ContainerCreateMapping {
    func mapVolumes(_ node: Node, service: String, config: inout Engine.ContainerConfig, host: inout Engine.HostConfig) throws(PlanError) {
        let values = Values(service: service)
        let items = node.sequence ?? []
        for item in items {
            let type = item["type"]?.scalarText ?? "volume"
            if !["bind", "volume", "tmpfs"].contains(type) {
                throw PlanError(.unsupported, "services.\(service).volumes: type \(type) is not supported by plane", at: item.location)
            }
            if item["target"]?.scalarText == nil {
                throw values.invalid("volumes", item, expected: "a mount with a target")
            }
            if item["volume"]?["subpath"] != nil, !multipleNetworksAtCreate {
                throw values.refused("volumes", item, because: "volume.subpath needs Engine API 1.45 or later")
            }
        }
        let mapped = Self.volumeMounts(items, volumes: project.volumes)
        if !mapped.binds.isEmpty { host.binds = (host.binds ?? []) + mapped.binds }
        if !mapped.mounts.isEmpty { host.mounts = (host.mounts ?? []) + mapped.mounts }
    }

    /// compose's `requireMountAPI`: a bind the `Binds` syntax cannot express. A `bind:` block
    /// without `create_host_path: true` does not create the host path (Go's zero value).
    static func requiresMountAPI(_ item: Node) -> Bool {
        guard let bind = item["bind"] else { return false }
        if !flag(bind["create_host_path"], default: false) { return true }
        if let propagation = bind["propagation"]?.scalarText, !propagation.isEmpty { return true }
        if let recursive = bind["recursive"]?.scalarText, !recursive.isEmpty { return true }
        return false
    }

    /// `Binds` entries and `Mounts`, in the order written.
    static func volumeMounts(_ items: [Node], volumes: Mapping) -> (binds: [String], mounts: [Engine.Mount]) {
        var binds: [String] = []
        var mounts: [Engine.Mount] = []
        for item in items {
            guard let target = item["target"]?.scalarText else { continue }
            let readOnly = Self.flag(item["read_only"])
            let source = item["source"]?.scalarText ?? ""
            let type = item["type"]?.scalarText ?? "volume"
            switch type {
            case "bind":
                if !requiresMountAPI(item) {
                    // compose-go's ServiceVolumeConfig.String().
                    var options = [readOnly ? "ro" : "rw"]
                    if let selinux = item["bind"]?["selinux"]?.scalarText, !selinux.isEmpty { options.append(selinux) }
                    binds.append("\(source):\(target):\(options.joined(separator: ","))")
                    continue
                }
                var mount = Engine.Mount(type: "bind", source: source, target: target, readOnly: readOnly ? true : nil)
                if let bind = item["bind"] {
                    var options = Engine.Mount.BindOptions(
                        propagation: bind["propagation"]?.scalarText, createMountpoint: Self.flag(bind["create_host_path"]) ? true : nil)
                    switch bind["recursive"]?.scalarText {
                    case "disabled": options.nonRecursive = true
                    case "writable": options.readOnlyNonRecursive = true
                    case "readonly": options.readOnlyForceRecursive = true
                    default: break
                    }
                    mount.bindOptions = options
                }
                mount.consistency = item["consistency"]?.scalarText
                mounts.append(mount)
            case "volume":
                let engineName = source.isEmpty ? "" : (volumes[source]?["name"]?.scalarText ?? source)
                let advanced = Self.flag(item["volume"]?["nocopy"]) || item["volume"]?["subpath"] != nil
                if !engineName.isEmpty, volumes[source] != nil, !advanced {
                    binds.append("\(engineName):\(target):\(readOnly ? "ro" : "rw")")
                    continue
                }
                var mount = Engine.Mount(type: "volume", source: engineName.isEmpty ? nil : engineName, target: target, readOnly: readOnly ? true : nil)
                if let volume = item["volume"], volume.mapping != nil {
                    mount.volumeOptions = Engine.Mount.VolumeOptions(
                        noCopy: Self.flag(volume["nocopy"]) ? true : nil, subpath: volume["subpath"]?.scalarText)
                }
                mount.consistency = item["consistency"]?.scalarText
                mounts.append(mount)
            default:  // tmpfs
                var mount = Engine.Mount(type: "tmpfs", target: target, readOnly: readOnly ? true : nil)
                if item["tmpfs"] != nil {
                    let size = Self.number(item["tmpfs"]?["size"]).map(Int64.init)
                        ?? item["tmpfs"]?["size"]?.string.flatMap { ByteUnits.parse($0) }
                    let mode = Self.number(item["tmpfs"]?["mode"])
                    mount.tmpfsOptions = Engine.Mount.TmpfsOptions(sizeBytes: size, mode: mode)
                }
                mounts.append(mount)
            }
        }
        return (binds, mounts)
    }

    // Separate, non-inlined reads: Swift 6.3's optimiser crashes (CopyPropagation) on
    // `node?["a"]?["b"]?.int` chains inside the loop above.
    @inline(never)
    static func flag(_ node: Node?, default value: Bool = false) -> Bool {
        guard let node, case .bool(let flag) = node.value else { return value }
        return flag
    }

    @inline(never)
    static func number(_ node: Node?) -> Int? {
        guard let node, case .int(let number) = node.value else { return nil }
        return number
    }

    /// File secrets and configs: read-only binds at their target, as compose mounts them (a
    /// secret with `CreateMountpoint: false` bind options, a config without).
    func mapFileMounts(_ node: Node, service: String, secrets: Bool, host: inout Engine.HostConfig) throws(PlanError) {
        var mounts = host.mounts ?? []
        let kind = secrets ? "secret" : "config"
        for item in node.sequence ?? [] {
            guard let source = item["source"]?.scalarText else { continue }
            let declared = secrets ? project.secrets[source] : project.configs[source]
            guard let file = declared?["file"]?.scalarText else {
                throw PlanError(
                    .unsupported, "services.\(service).\(kind)s: \(kind) \(source) is not a file \(kind); plane mounts file \(kind)s only",
                    at: item.location, hint: "declare it with `file:` at the top level")
            }
            let target = Self.mountTarget(item, source: source, secrets: secrets)
            // compose: a volume at the same target wins.
            if mounts.contains(where: { $0.target == target }) || (host.binds ?? []).contains(where: { Self.bindTarget($0) == target }) { continue }
            var mount = Engine.Mount(type: "bind", source: file, target: target, readOnly: true)
            if secrets { mount.bindOptions = Engine.Mount.BindOptions() }
            mounts.append(mount)
        }
        host.mounts = mounts.isEmpty ? nil : mounts
    }

    static func bindTarget(_ bind: String) -> String {
        let parts = bind.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : bind
    }

    static func mountTarget(_ item: Node, source: String, secrets: Bool) -> String {
        let base = secrets ? "/run/secrets/" : "/"
        guard let target = item["target"]?.scalarText, !target.isEmpty else { return base + source }
        return target.hasPrefix("/") ? target : base + target
    }

    /// `service[:mode]` becomes the service's container name (compose sends its ID, which the
    /// Engine treats the same), `container:name[:mode]` the name.
    func volumesFrom(_ node: Node, values: Values) throws(PlanError) -> [String]? {
        guard let items = try values.strings(node, "volumes_from") else { return nil }
        return try items.map { item throws(PlanError) in
            var parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts.first == "container", parts.count >= 2 {
                parts.removeFirst()
                return parts.joined(separator: ":")
            }
            let service = parts[0]
            guard let other = project.services[service] else {
                throw values.refused("volumes_from", node, because: "no service \(service) (use container:NAME for a container outside the project)")
            }
            parts[0] = other["container_name"]?.scalarText ?? project.containerName(service)
            return parts.joined(separator: ":")
        }
    }
}
