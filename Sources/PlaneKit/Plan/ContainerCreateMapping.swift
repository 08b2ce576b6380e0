import DockerEngine

/// Turns one canonical service (what `plane config` prints) into the body of
/// `POST /containers/create`, the way docker compose v2.40.3 does (pkg/compose/create.go,
/// getCreateConfigs): one network in the body on API < 1.44 (the others are connected before
/// start), file secrets and configs as read-only bind mounts, named volumes and create-host-path
/// binds as `Binds`, resources from both the service keys and `deploy.resources`.
///
/// Every key of the service is either sent to the Engine, known to have no effect on the container
/// (compose ignores it there too, or it orders the deployment), or refused with a `PlanError`
/// naming the service and the key: nothing is dropped in silence.
///
/// The parts live in ContainerCreateMapping+Resources, +Volumes, +Networks, +Healthcheck and
/// +Values.
public struct ContainerCreateMapping {
    /// A network joined after create (API < 1.44 takes one network at create).
    public struct Attachment: Sendable, Equatable {
        public var network: ServiceNetwork
        public var endpoint: Engine.EndpointSettings
    }

    public struct Result: Sendable {
        public var request: Engine.ContainerCreateRequest
        public var attachments: [Attachment]
    }

    /// Keys that describe how the project is deployed, not the container itself (compose does not
    /// turn them into Engine fields either), or that the loader already folded into others
    /// (`env_file` into `environment`, `label_file` into `labels`).
    static let orchestrationKeys: Set<String> = [
        "profiles", "depends_on", "container_name", "pull_policy", "build", "develop",
        "extends", "env_file", "label_file", "attach",
        // Swarm-only or Windows-only keys compose does not send to the Engine on Linux.
        "credential_spec",
    ]

    /// Keys mapped by `mapResources` (ContainerCreateMapping+Resources).
    static let resourceKeys: Set<String> = [
        "mem_limit", "mem_reservation", "memswap_limit", "mem_swappiness", "shm_size", "oom_kill_disable", "oom_score_adj",
        "cpus", "cpu_shares", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_count", "cpu_percent",
        "cpuset", "pids_limit", "blkio_config", "devices", "device_cgroup_rules", "gpus", "ulimits", "cgroup_parent", "deploy",
        "scale",
    ]

    let project: ResolvedProject
    /// The Engine's API is 1.44 or later: several networks at create, the MAC address per
    /// endpoint, `healthcheck.start_interval`.
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
        let values = Values(service: name)
        var config = Engine.ContainerConfig()
        var host = Engine.HostConfig()
        var labels: [String: String] = [:]

        config.attachStdout = true
        config.attachStderr = true
        // compose sends `ExtraHosts.AsList(":")`, an empty list when there are none.
        host.extraHosts = []
        // And the port bindings map, empty without ports.
        host.portBindings = [:]
        try mapResources(m, values: values, host: &host)
        for entry in m.entries {
            let key = entry.key
            let value = entry.value
            switch key {
            case "image": config.image = value.scalarText
            case "command": config.cmd = try values.strings(value, key)
            case "entrypoint": config.entrypoint = try values.strings(value, key)
            case "environment":
                config.env = try values.environment(value)
            case "labels":
                for (k, v) in try values.stringMap(value, key) { labels[k] = v }
            case "annotations": host.annotations = try values.stringMap(value, key)
            case "healthcheck": config.healthcheck = try healthcheck(value, values: values)
            case "hostname": config.hostname = try values.text(value, key)
            case "domainname": config.domainname = try values.text(value, key)
            case "user": config.user = try values.text(value, key)
            case "working_dir": config.workingDir = try values.text(value, key)
            case "stop_signal": config.stopSignal = try values.text(value, key)
            case "stop_grace_period":
                let ns = try values.duration(value, key)
                config.stopTimeout = Int(ns / 1_000_000_000)
            case "tty": config.tty = try values.bool(value, key)
            case "stdin_open": config.openStdin = try values.bool(value, key)
            case "expose":
                // compose keys them as written ("8080" stays "8080", no "/tcp" added).
                var exposed = config.exposedPorts ?? [:]
                for port in try values.strings(value, key) ?? [] { exposed[port] = Engine.EmptyObject() }
                config.exposedPorts = exposed
            case "ports":
                try mapPorts(value, values: values, config: &config, host: &host)
            case "volumes":
                try mapVolumes(value, service: name, config: &config, host: &host)
            case "secrets":
                try mapFileMounts(value, service: name, secrets: true, host: &host)
            case "configs":
                try mapFileMounts(value, service: name, secrets: false, host: &host)
            case "volumes_from":
                host.volumesFrom = try volumesFrom(value, values: values)
            case "volume_driver": host.volumeDriver = try values.text(value, key)
            case "tmpfs":
                var tmpfs: [String: String] = [:]
                for item in try values.strings(value, key) ?? [] {
                    if let colon = item.firstIndex(of: ":") {
                        tmpfs[String(item[..<colon])] = String(item[item.index(after: colon)...])
                    } else {
                        tmpfs[item] = ""
                    }
                }
                host.tmpfs = tmpfs
            case "restart":
                host.restartPolicy = Self.restartPolicy(try values.text(value, key) ?? "")
            case "read_only": host.readonlyRootfs = try values.bool(value, key)
            case "cap_add": host.capAdd = try values.strings(value, key).map(Self.normalizedCapabilities)
            case "cap_drop": host.capDrop = try values.strings(value, key).map(Self.normalizedCapabilities)
            case "security_opt": try mapSecurityOptions(value, values: values, host: &host)
            case "privileged": host.privileged = try values.bool(value, key)
            case "init": host.initProcess = try values.bool(value, key)
            case "group_add": host.groupAdd = try values.strings(value, key)
            case "dns": host.dns = try values.strings(value, key)
            case "dns_search": host.dnsSearch = try values.strings(value, key)
            case "dns_opt": host.dnsOptions = try values.strings(value, key)
            case "extra_hosts":
                host.extraHosts = (try values.strings(value, key) ?? []).map { line in
                    guard let eq = line.firstIndex(of: "=") else { return line }
                    return line[..<eq] + ":" + line[line.index(after: eq)...]
                }
            case "sysctls": host.sysctls = try values.stringMap(value, key)
            case "storage_opt": host.storageOpt = try values.stringMap(value, key)
            case "logging":
                if let driver = value["driver"]?.scalarText {
                    let options = try value["options"].map { node throws(PlanError) in try values.stringMap(node, "logging.options") }
                    host.logConfig = Engine.LogConfig(type: driver, config: options)
                } else if value["options"] != nil {
                    // Options for the daemon's default driver: compose sends them with an empty type.
                    host.logConfig = Engine.LogConfig(type: "", config: try values.stringMap(value["options"]!, "logging.options"))
                }
            case "pid": host.pidMode = try namespaceMode(values.text(value, key), key: key, values: values, at: value)
            case "ipc": host.ipcMode = try namespaceMode(values.text(value, key), key: key, values: values, at: value)
            case "uts": host.utsMode = try values.text(value, key)
            case "userns_mode": host.usernsMode = try values.text(value, key)
            case "cgroup": host.cgroupnsMode = try values.text(value, key)
            case "runtime": host.runtime = try values.text(value, key)
            case "isolation": host.isolation = try values.text(value, key)
            case "network_mode":
                let mode = try values.text(value, key) ?? ""
                host.networkMode = try networkMode(mode, service: name, at: value.location)
                if mode == "disabled" { config.networkDisabled = true }
            case "networks", "mac_address", "links", "external_links":
                break  // below, with the priorities resolved by DesiredState
            case "platform", "use_api_socket", "models", "provider", "post_start", "pre_stop":
                throw values.refused(key, value, because: Self.refusals[key] ?? "plane does not support it")
            default:
                if Self.resourceKeys.contains(key) || Self.orchestrationKeys.contains(key) || key.hasPrefix("x-") { continue }
                throw values.refused(key, value, because: "plane has no Engine mapping for it")
            }
        }
        guard config.image != nil else {
            throw PlanError(.unsupported, "service \(name) has no image; plane does not build images", at: service.location,
                            hint: "build it beforehand and name it with `image:`")
        }

        for (k, v) in extra { labels[k] = v }
        config.labels = labels

        let links = try self.links(m, values: values)
        if !links.isEmpty { host.links = links }
        let mainMAC = try macAddress(m, networks: networks, values: values)
        if !multipleNetworksAtCreate, let mainMAC { config.macAddress = mainMAC }

        var attachments: [Attachment] = []
        if host.networkMode == nil, let primary = networks.first {
            host.networkMode = primary.name
            var endpoints: [String: Engine.EndpointSettings] = [:]
            for (index, network) in networks.enumerated() {
                var endpoint = Self.endpoint(network, service: name, containerName: containerName, links: links)
                if index == 0, multipleNetworksAtCreate, endpoint.macAddress == nil { endpoint.macAddress = mainMAC }
                if index == 0 || multipleNetworksAtCreate {
                    endpoints[network.name] = endpoint
                } else {
                    attachments.append(Attachment(network: network, endpoint: endpoint))
                }
            }
            return Result(
                request: Engine.ContainerCreateRequest(config: config, hostConfig: host, networkingConfig: Engine.NetworkingConfig(endpointsConfig: endpoints)),
                attachments: attachments)
        }
        return Result(request: Engine.ContainerCreateRequest(config: config, hostConfig: host), attachments: [])
    }

    /// Why a key plane knows is still refused.
    static let refusals: [String: String] = [
        "platform": "plane does not pick an image platform; pull the image for this host's platform and drop `platform:`",
        "use_api_socket": "plane does not mount the Engine socket or registry credentials into containers",
        "models": "plane does not run compose's model runner",
        "provider": "plane does not run compose provider services",
        "post_start": "plane does not run lifecycle hooks (compose execs them after start); run the command in the entrypoint instead",
        "pre_stop": "plane does not run lifecycle hooks (compose execs them before stop); handle the stop signal in the service instead",
    ]

    /// What the Engine client compose uses sends (API 1.40+): upper case, `CAP_` prefixed (but
    /// `ALL`), without duplicates, sorted.
    static func normalizedCapabilities(_ caps: [String]) -> [String] {
        var unique = Set<String>()
        for cap in caps {
            var c = cap.uppercased()
            if c != "ALL" && !c.hasPrefix("CAP_") { c = "CAP_" + c }
            unique.insert(c)
        }
        return unique.sorted()
    }

    /// compose's getRestartPolicy for `restart:` (deploy.restart_policy is applied in +Resources).
    static func restartPolicy(_ text: String) -> Engine.RestartPolicy {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let attempts = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return Engine.RestartPolicy(name: text.isEmpty ? "" : restartCondition(parts[0]), maximumRetryCount: attempts > 0 ? attempts : nil)
    }

    /// compose's mapRestartPolicyCondition.
    static func restartCondition(_ condition: String) -> String {
        switch condition {
        case "none", "no": return "no"
        case "on-failure": return "on-failure"
        case "unless-stopped": return "unless-stopped"
        case "any", "always": return "always"
        default: return condition
        }
    }

    func mapPorts(_ value: Node, values: Values, config: inout Engine.ContainerConfig, host: inout Engine.HostConfig) throws(PlanError) {
        var bindings: [String: [Engine.PortBinding]] = [:]
        var exposed = config.exposedPorts ?? [:]
        for item in value.sequence ?? [] {
            guard let port = item.mapping, let target = port["target"]?.scalarText else {
                throw values.refused("ports", item, because: "a port plane cannot read")
            }
            let portKey = "\(target)/\(port["protocol"]?.scalarText ?? "tcp")"
            exposed[portKey] = Engine.EmptyObject()
            bindings[portKey, default: []].append(Engine.PortBinding(
                hostIP: port["host_ip"]?.scalarText ?? "", hostPort: port["published"]?.scalarText ?? ""))
        }
        config.exposedPorts = exposed
        host.portBindings = bindings
    }

    /// compose's parseSecurityOpts: `systempaths=unconfined` empties the masked and read-only
    /// paths; a seccomp profile file is read and sent compacted.
    func mapSecurityOptions(_ value: Node, values: Values, host: inout Engine.HostConfig) throws(PlanError) {
        var parsed: [String] = []
        for option in try values.strings(value, "security_opt") ?? [] {
            if option == "systempaths=unconfined" {
                host.maskedPaths = []
                host.readonlyPaths = []
                continue
            }
            var parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 1 && parts[0] != "no-new-privileges" {
                guard option.contains(":") else {
                    throw values.refused("security_opt", value, because: "\"\(option)\" is not a valid security option (compose: Invalid security-opt)")
                }
                parts = option.split(separator: ":", maxSplits: 1).map(String.init)
            }
            if parts.count == 2, parts[0] == "seccomp", parts[1] != "unconfined", parts[1] != "builtin" {
                throw values.refused("security_opt", value, because: "plane does not read seccomp profile files yet (seccomp=unconfined and builtin are supported)")
            }
            parsed.append(option)
        }
        host.securityOpt = parsed
    }

    /// `service:NAME` (ipc, pid) becomes `container:<its container>`, as compose resolves it.
    func namespaceMode(_ mode: String?, key: String, values: Values, at node: Node) throws(PlanError) -> String? {
        guard let mode, mode.hasPrefix("service:") else { return mode }
        let other = String(mode.dropFirst("service:".count))
        guard let target = project.services[other] else { throw values.refused(key, node, because: "no service \(other)") }
        return "container:" + (target["container_name"]?.scalarText ?? project.containerName(other))
    }

    func networkMode(_ mode: String, service: String, at location: SourceLocation?) throws(PlanError) -> String {
        if mode.hasPrefix("service:") {
            let other = String(mode.dropFirst("service:".count))
            guard let node = project.services[other] else {
                throw PlanError(.unsupported, "services.\(service).network_mode: no service \(other)", at: location)
            }
            return "container:" + (node["container_name"]?.scalarText ?? project.containerName(other))
        }
        return mode
    }
}
