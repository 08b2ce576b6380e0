import DockerEngine

/// Turns one canonical service (what `plane config` prints) into the body of
/// `POST /containers/create`, the way docker compose does (pkg/compose/create.go): one network in
/// the body on API < 1.44 (the others are connected before start), file secrets and configs as
/// read-only bind mounts, named volumes and create-host-path binds as `Binds`.
///
/// Keys it has no mapping for are returned, never silently dropped: the plan shows them.
public struct ContainerCreateMapping {
    /// A network joined after create (API < 1.44 takes one network at create).
    public struct Attachment: Sendable, Equatable {
        public var network: ServiceNetwork
        public var endpoint: Engine.EndpointSettings
    }

    public struct Result: Sendable {
        public var request: Engine.ContainerCreateRequest
        public var attachments: [Attachment]
        /// Service keys with no effect on the container plane creates (sorted).
        public var unmapped: [String]
    }

    /// Keys that describe how compose handles the service, not the container itself.
    static let orchestrationKeys: Set<String> = [
        "profiles", "depends_on", "container_name", "pull_policy", "build", "scale", "develop",
        "extends", "env_file", "label_file", "post_start", "pre_stop", "attach", "x-",
    ]

    let project: ResolvedProject
    let multipleNetworksAtCreate: Bool

    public init(project: ResolvedProject, multipleNetworksAtCreate: Bool) {
        self.project = project
        self.multipleNetworksAtCreate = multipleNetworksAtCreate
    }

    /// - Parameters:
    ///   - networks: the service's networks by priority (empty with `network_mode`).
    ///   - labels: every label of the container (service labels are added here, under them).
    public func map(
        service name: String, _ service: Node, containerName: String, networks: [ServiceNetwork],
        labels extra: [String: String]
    ) throws(PlanError) -> Result {
        guard let m = service.mapping else {
            throw PlanError(.unsupported, "service \(name) is not a mapping", at: service.location)
        }
        var config = Engine.ContainerConfig()
        var host = Engine.HostConfig()
        var unmapped: [String] = []
        var labels: [String: String] = [:]

        config.attachStdout = true
        config.attachStderr = true
        for entry in m.entries {
            let key = entry.key
            let value = entry.value
            switch key {
            case "image": config.image = value.scalarText
            case "command": config.cmd = Self.strings(value)
            case "entrypoint": config.entrypoint = Self.strings(value)
            case "environment":
                config.env = value.mapping?.sortedEntries.map { e in
                    e.value.isNull ? e.key : "\(e.key)=\(e.value.scalarText ?? "")"
                }
            case "labels":
                for e in value.mapping?.entries ?? [] { labels[e.key] = e.value.scalarText ?? "" }
            case "healthcheck": config.healthcheck = try Self.healthcheck(value, service: name)
            case "hostname": config.hostname = value.scalarText
            case "domainname": config.domainname = value.scalarText
            case "user": config.user = value.scalarText
            case "working_dir": config.workingDir = value.scalarText
            case "stop_signal": config.stopSignal = value.scalarText
            case "stop_grace_period":
                if let text = value.scalarText, let ns = GoDuration.parseNanoseconds(text) {
                    config.stopTimeout = Int(ns / 1_000_000_000)
                }
            case "tty": config.tty = value.bool
            case "stdin_open": config.openStdin = value.bool
            case "expose":
                for item in value.sequence ?? [] {
                    guard let text = item.scalarText else { continue }
                    config.exposedPorts = (config.exposedPorts ?? [:]).merging([Self.portKey(text): Engine.EmptyObject()]) { a, _ in a }
                }
            case "ports":
                var bindings: [String: [Engine.PortBinding]] = [:]
                var exposed = config.exposedPorts ?? [:]
                for item in value.sequence ?? [] {
                    guard let port = item.mapping, let target = port["target"]?.scalarText else { continue }
                    let portKey = "\(target)/\(port["protocol"]?.scalarText ?? "tcp")"
                    exposed[portKey] = Engine.EmptyObject()
                    bindings[portKey, default: []].append(Engine.PortBinding(
                        hostIP: port["host_ip"]?.scalarText ?? "", hostPort: port["published"]?.scalarText ?? ""))
                }
                config.exposedPorts = exposed
                host.portBindings = bindings
            case "volumes":
                try mapVolumes(value, service: name, config: &config, host: &host)
            case "secrets":
                try mapFileMounts(value, service: name, secrets: true, host: &host)
            case "configs":
                try mapFileMounts(value, service: name, secrets: false, host: &host)
            case "tmpfs":
                var tmpfs: [String: String] = [:]
                for item in Self.strings(value) ?? [] {
                    if let colon = item.firstIndex(of: ":") {
                        tmpfs[String(item[..<colon])] = String(item[item.index(after: colon)...])
                    } else {
                        tmpfs[item] = ""
                    }
                }
                host.tmpfs = tmpfs
            case "restart":
                let text = value.scalarText ?? "no"
                if text.hasPrefix("on-failure:"), let count = Int(text.dropFirst("on-failure:".count)) {
                    host.restartPolicy = Engine.RestartPolicy(name: "on-failure", maximumRetryCount: count)
                } else {
                    host.restartPolicy = Engine.RestartPolicy(name: text)
                }
            case "read_only": host.readonlyRootfs = value.bool
            case "cap_add": host.capAdd = Self.strings(value)
            case "cap_drop": host.capDrop = Self.strings(value)
            case "security_opt": host.securityOpt = Self.strings(value)
            case "privileged": host.privileged = value.bool
            case "init": host.initProcess = value.bool
            case "group_add": host.groupAdd = Self.strings(value)
            case "dns": host.dns = Self.strings(value)
            case "dns_search": host.dnsSearch = Self.strings(value)
            case "dns_opt": host.dnsOptions = Self.strings(value)
            case "extra_hosts":
                host.extraHosts = Self.strings(value)?.map { line in
                    guard let eq = line.firstIndex(of: "=") else { return line }
                    return line[..<eq] + ":" + line[line.index(after: eq)...]
                }
            case "sysctls":
                host.sysctls = Dictionary(uniqueKeysWithValues: (value.mapping?.entries ?? []).map { ($0.key, $0.value.scalarText ?? "") })
            case "ulimits":
                host.ulimits = (value.mapping?.sortedEntries ?? []).compactMap { e in
                    if let single = e.value.int { return Engine.Ulimit(name: e.key, soft: Int64(single), hard: Int64(single)) }
                    guard let soft = e.value["soft"]?.int, let hard = e.value["hard"]?.int else { return nil }
                    return Engine.Ulimit(name: e.key, soft: Int64(soft), hard: Int64(hard))
                }
            case "shm_size": host.shmSize = value.int.map(Int64.init)
            case "mem_limit": host.memory = value.int.map(Int64.init)
            case "mem_reservation": host.memoryReservation = value.int.map(Int64.init)
            case "cpus":
                if let cpus = value.scalarText.flatMap(Double.init) {
                    // NaN, infinities and counts past Int64 nanoCPUs would trap the conversion.
                    let nano = (cpus * 1e9).rounded()
                    guard nano.isFinite, nano >= 0, nano < 9.2e18 else {
                        throw PlanError(.unsupported, "services.\(name).cpus: \(value.scalarText ?? "") is not a number of CPUs the engine accepts",
                                        at: value.location, hint: "use a positive number such as 0.5 or 2")
                    }
                    host.nanoCpus = Int64(nano)
                }
            case "cpu_shares": host.cpuShares = value.int
            case "pids_limit": host.pidsLimit = value.int.map(Int64.init)
            case "logging":
                if let driver = value["driver"]?.scalarText {
                    let options = value["options"]?.mapping.map { map in
                        Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value.scalarText ?? "") })
                    }
                    host.logConfig = Engine.LogConfig(type: driver, config: options)
                }
            case "devices":
                host.devices = (value.sequence ?? []).compactMap { d in
                    guard let source = d["source"]?.scalarText else { return nil }
                    return Engine.DeviceMapping(
                        pathOnHost: source, pathInContainer: d["target"]?.scalarText ?? source,
                        cgroupPermissions: d["permissions"]?.scalarText ?? "rwm")
                }
            case "network_mode":
                host.networkMode = try networkMode(value.scalarText ?? "", service: name, at: value.location)
            case "networks":
                break  // below, with the priorities resolved by DesiredState
            default:
                if Self.orchestrationKeys.contains(key) || key.hasPrefix("x-") { continue }
                unmapped.append(key)
            }
        }
        if config.image == nil {
            throw PlanError(.unsupported, "service \(name) has no image; plane does not build images", at: service.location,
                            hint: "build it beforehand and name it with `image:`")
        }

        for (k, v) in extra { labels[k] = v }
        config.labels = labels

        var attachments: [Attachment] = []
        if host.networkMode == nil, let primary = networks.first {
            host.networkMode = primary.name
            var endpoints: [String: Engine.EndpointSettings] = [:]
            for (index, network) in networks.enumerated() {
                let endpoint = Self.endpoint(network, service: name, containerName: containerName)
                if index == 0 || multipleNetworksAtCreate {
                    endpoints[network.name] = endpoint
                } else {
                    attachments.append(Attachment(network: network, endpoint: endpoint))
                }
            }
            return Result(
                request: Engine.ContainerCreateRequest(config: config, hostConfig: host, networkingConfig: Engine.NetworkingConfig(endpointsConfig: endpoints)),
                attachments: attachments, unmapped: unmapped.sorted())
        }
        return Result(request: Engine.ContainerCreateRequest(config: config, hostConfig: host), attachments: [], unmapped: unmapped.sorted())
    }

    /// compose's aliases: the container name, the service name, then the ones written.
    static func endpoint(_ network: ServiceNetwork, service: String, containerName: String) -> Engine.EndpointSettings {
        var aliases = [containerName, service]
        for alias in network.aliases where !aliases.contains(alias) { aliases.append(alias) }
        let ipam = (network.ipv4Address != nil || network.ipv6Address != nil)
            ? Engine.EndpointSettings.IPAMConfig(ipv4Address: network.ipv4Address, ipv6Address: network.ipv6Address) : nil
        return Engine.EndpointSettings(aliases: aliases, ipamConfig: ipam)
    }

    static func strings(_ node: Node) -> [String]? {
        if node.isNull { return nil }
        if let items = node.sequence { return items.compactMap(\.scalarText) }
        return node.scalarText.map { [$0] }
    }

    static func portKey(_ text: String) -> String { text.contains("/") ? text : text + "/tcp" }

    static func healthcheck(_ node: Node, service: String) throws(PlanError) -> Engine.HealthConfig {
        var health = Engine.HealthConfig(test: nil)
        if node["disable"]?.bool == true {
            health.test = ["NONE"]
            return health
        }
        health.test = node["test"].flatMap(strings)
        func nanoseconds(_ key: String) throws(PlanError) -> Int64? {
            guard let text = node[key]?.scalarText else { return nil }
            guard let ns = GoDuration.parseNanoseconds(text) else {
                throw PlanError(.unsupported, "services.\(service).healthcheck.\(key): \"\(text)\" is not a duration", at: node[key]?.location)
            }
            return ns
        }
        health.interval = try nanoseconds("interval")
        health.timeout = try nanoseconds("timeout")
        health.startPeriod = try nanoseconds("start_period")
        health.startInterval = try nanoseconds("start_interval")
        health.retries = node["retries"]?.int
        return health
    }

    func mapVolumes(_ node: Node, service: String, config: inout Engine.ContainerConfig, host: inout Engine.HostConfig) throws(PlanError) {
        let items = node.sequence ?? []
        for item in items {
            let type = item["type"]?.scalarText ?? "volume"
            if !["bind", "volume", "tmpfs"].contains(type) {
                throw PlanError(.unsupported, "services.\(service).volumes: type \(type) is not supported by plane", at: item.location)
            }
        }
        let mapped = Self.volumeMounts(items, volumes: project.volumes)
        if !mapped.binds.isEmpty { host.binds = (host.binds ?? []) + mapped.binds }
        if !mapped.mounts.isEmpty { host.mounts = (host.mounts ?? []) + mapped.mounts }
        if !mapped.anonymous.isEmpty {
            var declared = config.volumes ?? [:]
            for target in mapped.anonymous { declared[target] = Engine.EmptyObject() }
            config.volumes = declared
        }
    }

    /// Binds for create-host-path binds and named volumes, mounts for the rest, targets of
    /// anonymous volumes.
    static func volumeMounts(_ items: [Node], volumes: Mapping) -> (binds: [String], mounts: [Engine.Mount], anonymous: [String]) {
        var binds: [String] = []
        var mounts: [Engine.Mount] = []
        var anonymous: [String] = []
        for item in items {
            guard let target = item["target"]?.scalarText else { continue }
            let readOnly = Self.flag(item["read_only"])
            let source = item["source"]?.scalarText
            let type = item["type"]?.scalarText ?? "volume"
            if type == "bind", let source {
                let createHostPath = Self.flag(item["bind"]?["create_host_path"], default: true)
                let propagation = item["bind"]?["propagation"]?.scalarText
                var options = [readOnly ? "ro" : "rw"]
                if let propagation { options.append(propagation) }
                if let selinux = item["bind"]?["selinux"]?.scalarText { options.append(selinux) }
                if createHostPath {
                    binds.append("\(source):\(target):\(options.joined(separator: ","))")
                } else {
                    var mount = Engine.Mount(type: "bind", source: source, target: target, readOnly: readOnly)
                    if let propagation { mount.bindOptions = Engine.Mount.BindOptions(propagation: propagation) }
                    mounts.append(mount)
                }
            } else if type == "volume" {
                guard let source else {
                    anonymous.append(target)
                    continue
                }
                let engineName = volumes[source]?["name"]?.scalarText ?? source
                var options = [readOnly ? "ro" : "rw"]
                if Self.flag(item["volume"]?["nocopy"]) { options.append("nocopy") }
                binds.append("\(engineName):\(target):\(options.joined(separator: ","))")
            } else if type == "tmpfs" {
                var mount = Engine.Mount(type: "tmpfs", target: target, readOnly: readOnly ? true : nil)
                let size = Self.number(item["tmpfs"]?["size"]).map(Int64.init)
                let mode = Self.number(item["tmpfs"]?["mode"])
                if size != nil || mode != nil { mount.tmpfsOptions = Engine.Mount.TmpfsOptions(sizeBytes: size, mode: mode) }
                mounts.append(mount)
            }
        }
        return (binds, mounts, anonymous)
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

    /// File secrets and configs: read-only binds at their target, as compose mounts them.
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
            mounts.append(Engine.Mount(type: "bind", source: file, target: Self.mountTarget(item, source: source, secrets: secrets), readOnly: true))
        }
        host.mounts = mounts.isEmpty ? nil : mounts
    }

    static func mountTarget(_ item: Node, source: String, secrets: Bool) -> String {
        let base = secrets ? "/run/secrets/" : "/"
        guard let target = item["target"]?.scalarText, !target.isEmpty else { return base + source }
        return target.hasPrefix("/") ? target : base + target
    }

    func networkMode(_ mode: String, service: String, at location: SourceLocation?) throws(PlanError) -> String {
        if mode.hasPrefix("service:") {
            let other = String(mode.dropFirst("service:".count))
            guard let node = project.services[other] else {
                throw PlanError(.unsupported, "services.\(service).network_mode: no service \(other)", at: location)
            }
            return "container:" + (node["container_name"]?.scalarText ?? "\(project.name)-\(other)-1")
        }
        return mode
    }
}
