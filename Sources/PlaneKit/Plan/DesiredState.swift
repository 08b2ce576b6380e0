import DockerEngine

/// What the selected part of the project should look like on the engine: each container of each
/// service (one, or `scale` of them, each with its full create body and labels), and the networks
/// and volumes they use.
/// Built from files only; nothing here talks to the engine.
public struct DesiredState: Sendable {
    public var project: String
    public var workingDirectory: String
    /// In start order (see `ServiceSelection`); a scaled service's containers one after the other.
    public var services: [DesiredService]
    /// Selected services with `scale: 0`: they run no container (compose removes any they had).
    public var scaledToZero: [String] = []
    public var networks: [DesiredNetwork]
    public var volumes: [DesiredVolume]
    /// Every service the project defines, selected or not: containers of other services are orphans.
    public var definedServices: Set<String>
    public var selection: ServiceSelection
    /// Things the plan shows but that do not stop it (optional dependencies left out).
    public var warnings: [String]
    /// Enabled service -> the services whose container it shares (`network_mode: service:X`,
    /// `volumes_from`), for every enabled service, selected or not.
    public var sharing: [String: [String]] = [:]

    /// The service's first container (its only one unless scaled).
    public func service(_ name: String) -> DesiredService? { services.first { $0.name == name } }

    /// Every container of the service, by replica number.
    public func replicas(of name: String) -> [DesiredService] { services.filter { $0.name == name } }

    /// - Parameters:
    ///   - project: loaded with every profile enabled.
    ///   - multipleNetworksAtCreate: the engine's API takes several networks at create (1.44+).
    public static func build(
        project: ResolvedProject, selection: ServiceSelection, key: LabelKey, multipleNetworksAtCreate: Bool = false
    ) throws(PlanError) -> DesiredState {
        let mapping = ContainerCreateMapping(project: project, multipleNetworksAtCreate: multipleNetworksAtCreate)
        var services: [DesiredService] = []
        var networkKeys: [String] = []
        var volumeKeys: [String] = []
        var warnings: [String] = []

        var scaledToZero: [String] = []
        for name in selection.services {
            guard let node = project.services[name] else { continue }
            let networks = Self.networks(of: node, project: project)
            for network in networks where !networkKeys.contains(network.key) { networkKeys.append(network.key) }
            var volumes: [String] = []
            for item in node["volumes"]?.sequence ?? [] where (item["type"]?.scalarText ?? "volume") == "volume" {
                guard let source = item["source"]?.scalarText else { continue }
                if !volumeKeys.contains(source) { volumeKeys.append(source) }
                volumes.append(project.volumes[source]?["name"]?.scalarText ?? source)
            }
            // Its networks and volumes exist even at `scale: 0`, as compose makes them.
            let count = try mapping.replicas(service: name, node)
            if count == 0 {
                scaledToZero.append(name)
                continue
            }

            let inputs = try Self.inputs(of: node, service: name, project: project, key: key)
            let definitionHash = ConfigHash.compose(node)
            // compose's own hash, as its `up` stamps it: `docker compose up` then sees plane's
            // container as up to date, and plane can adopt one compose created.
            let composeHash = ComposeServiceHash.hash(node, envFiles: project.envFiles[name] ?? [], flavor: .upLabel)
            let template = ComposeServiceHash.template(node, envFiles: project.envFiles[name] ?? []) { other in
                project.services[other].map { $0["container_name"]?.scalarText ?? project.containerName(other) }
            }
            let planeHash = inputs.combinedHash(definitionHash: definitionHash, key: key)
            let dependencies = ServiceDependency.all(of: node)
            for replica in 1...count {
                let containerName = node["container_name"]?.scalarText ?? project.containerName(name, number: replica)
                let labels: [String: String] = [
                    ComposeLabel.project: project.name,
                    ComposeLabel.service: name,
                    ComposeLabel.containerNumber: String(replica),
                    ComposeLabel.oneoff: "False",
                    ComposeLabel.configHash: composeHash,
                    ComposeLabel.dependsOn: dependencies.map { "\($0.service):\($0.condition.rawValue):\($0.restart)" }.joined(separator: ","),
                    ComposeLabel.version: ComposeLabel.compatibleVersion,
                    ComposeLabel.workingDirectory: project.workingDirectory,
                    ComposeLabel.configFiles: project.configFiles.joined(separator: ","),
                    PlaneLabel.configHash: planeHash,
                    PlaneLabel.inputs: inputs.labelValue,
                    PlaneLabel.labelKey: key.id,
                ]
                let mapped = try mapping.map(service: name, node, containerName: containerName, networks: networks, labels: labels)
                let test = mapped.request.config.healthcheck?.test ?? []
                services.append(DesiredService(
                    name: name, containerName: containerName, image: mapped.request.config.image ?? "",
                    stage: selection.stages[name] ?? 0, dependencies: dependencies, networks: networks, volumes: volumes,
                    definitionHash: definitionHash, composeHash: composeHash, inputs: inputs, planeHash: planeHash,
                    hasHealthcheck: !test.isEmpty && test != ["NONE"],
                    restartPolicy: mapped.request.hostConfig?.restartPolicy?.name ?? "no",
                    stopTimeout: mapped.request.config.stopTimeout,
                    createRequest: mapped.request, attachments: mapped.attachments,
                    neededBecause: selection.pulledIn[name], location: project.services.keyLocation(name),
                    createdAfter: Self.namedServices(of: node, project: project), replica: replica, replicas: count,
                    startFirst: RolloutPolicy.of(node).startFirst, cannotRunTwice: DesiredService.coexistenceProblem(mapped.request),
                    locallyBuilt: node["build"] != nil || ["build", "never"].contains(node["pull_policy"]?.string ?? "")))
                services[services.count - 1].composeHashTemplate = template
            }
        }
        for skipped in selection.skippedDependencies {
            warnings.append("\(skipped.service): optional dependency \(skipped.dependency) is in a later profile; not brought up")
        }

        let networks = networkKeys.compactMap { key in Self.network(key, project: project) }
        let volumes = volumeKeys.compactMap { key in Self.volume(key, project: project) }
        let defined = Set(project.services.keys + project.disabledServices.keys)
        var state = DesiredState(
            project: project.name, workingDirectory: project.workingDirectory, services: services, scaledToZero: scaledToZero,
            networks: networks, volumes: volumes, definedServices: defined, selection: selection, warnings: warnings)
        for entry in project.services.entries {
            let shared = ComposeServiceHash.referencedServices(entry.value)
            if !shared.isEmpty { state.sharing[entry.key] = shared }
        }
        return state
    }

    /// Services whose containers the service's create body names, sorted.
    static func namedServices(of node: Node, project: ResolvedProject) -> [String] {
        var names = Set<String>()
        for key in ["network_mode", "ipc", "pid"] {
            if let mode = node[key]?.scalarText, mode.hasPrefix("service:") { names.insert(String(mode.dropFirst("service:".count))) }
        }
        for key in ["links", "volumes_from"] {
            for item in node[key]?.sequence ?? [] {
                guard let text = item.scalarText, !text.hasPrefix("container:") else { continue }
                names.insert(String(text.split(separator: ":").first ?? ""))
            }
        }
        return names.filter { project.services[$0] != nil }.sorted()
    }

    /// The service's networks, highest `priority` first, then by key (compose's NetworksByPriority).
    static func networks(of node: Node, project: ResolvedProject) -> [ServiceNetwork] {
        if node["network_mode"]?.scalarText != nil { return [] }
        guard let map = node["networks"]?.mapping else { return [] }
        var result: [ServiceNetwork] = []
        for entry in map.entries {
            let spec = entry.value
            let options = spec["driver_opts"].map { stringMap($0) }
            result.append(ServiceNetwork(
                key: entry.key,
                name: project.networks[entry.key]?["name"]?.scalarText ?? "\(project.name)_\(entry.key)",
                aliases: (spec["aliases"]?.sequence ?? []).compactMap(\.scalarText),
                ipv4Address: spec["ipv4_address"]?.scalarText,
                ipv6Address: spec["ipv6_address"]?.scalarText,
                priority: spec["priority"]?.int ?? 0,
                configured: spec.mapping != nil,
                macAddress: spec["mac_address"]?.scalarText,
                linkLocalIPs: spec["link_local_ips"]?.sequence.map { $0.compactMap(\.scalarText) },
                driverOptions: options,
                gatewayPriority: spec["gw_priority"]?.int ?? 0))
        }
        return result.sorted { ($0.priority, $1.key) > ($1.priority, $0.key) }
    }

    static func network(_ key: String, project: ResolvedProject) -> DesiredNetwork? {
        let spec = project.networks[key] ?? Node(.mapping(Mapping()))
        let name = spec["name"]?.scalarText ?? "\(project.name)_\(key)"
        let external = spec["external"]?.bool ?? false
        var request = Engine.NetworkCreateRequest(name: name, driver: spec["driver"]?.scalarText)
        var labels = Self.stringMap(spec["labels"])
        labels[ComposeLabel.project] = project.name
        labels[ComposeLabel.network] = key
        labels[ComposeLabel.version] = ComposeLabel.compatibleVersion
        request.labels = labels
        request.isInternal = spec["internal"]?.bool
        request.attachable = spec["attachable"]?.bool
        request.enableIPv6 = spec["enable_ipv6"]?.bool
        let options = Self.stringMap(spec["driver_opts"])
        request.options = options.isEmpty ? nil : options
        if let ipam = spec["ipam"], ipam["driver"] != nil || ipam["config"] != nil {
            let pools = (ipam["config"]?.sequence ?? []).map { pool in
                Engine.IPAMPool(subnet: pool["subnet"]?.scalarText, ipRange: pool["ip_range"]?.scalarText, gateway: pool["gateway"]?.scalarText)
            }
            request.ipam = Engine.IPAM(driver: ipam["driver"]?.scalarText, config: pools.isEmpty ? nil : pools)
        }
        return DesiredNetwork(key: key, name: name, external: external, request: request, location: project.networks.keyLocation(key))
    }

    static func volume(_ key: String, project: ResolvedProject) -> DesiredVolume? {
        let spec = project.volumes[key] ?? Node(.mapping(Mapping()))
        let name = spec["name"]?.scalarText ?? "\(project.name)_\(key)"
        var labels = Self.stringMap(spec["labels"])
        labels[ComposeLabel.project] = project.name
        labels[ComposeLabel.volume] = key
        labels[ComposeLabel.version] = ComposeLabel.compatibleVersion
        let options = Self.stringMap(spec["driver_opts"])
        let request = Engine.VolumeCreateRequest(
            name: name, driver: spec["driver"]?.scalarText, driverOpts: options.isEmpty ? nil : options, labels: labels)
        return DesiredVolume(key: key, name: name, external: spec["external"]?.bool ?? false, request: request,
                             location: project.volumes.keyLocation(key))
    }

    static func stringMap(_ node: Node?) -> [String: String] {
        var result: [String: String] = [:]
        if let map = node?.mapping {
            for entry in map.entries { result[entry.key] = entry.value.scalarText ?? "" }
        } else if let list = node?.sequence {
            for item in list {
                guard let text = item.scalarText else { continue }
                if let eq = text.firstIndex(of: "=") { result[String(text[..<eq])] = String(text[text.index(after: eq)...]) } else { result[text] = "" }
            }
        }
        return result
    }

    /// Keyed digests of the service's env files, secret files and config files. Content is read,
    /// hashed and dropped; errors name the path only.
    static func inputs(of node: Node, service: String, project: ResolvedProject, key: LabelKey) throws(PlanError) -> ServiceInputs {
        var digests: [ServiceInputs.Digest] = []
        func digest(_ kind: ServiceInputs.Kind, _ name: String, file: String, at location: SourceLocation?) throws(PlanError) {
            let bytes: [UInt8]
            do throws(FileSystem.ReadFailure) {
                bytes = try FileSystem.readBytes(file)
            } catch {
                let shown = PathRules.display(file, under: project.workingDirectory)
                throw PlanError(
                    .unreadableInput,
                    "services.\(service): \(kind.noun) \(name): cannot read \(shown): \(error.reason)", at: location,
                    hint: error.missing ? "create the file (scripts/stack-init.sh makes placeholders), or remove the reference" : nil)
            }
            let value = String(key.digest(Array("\(kind.rawValue):\(name)\n".utf8) + bytes).prefix(16))
            let changed = try? FileStatus.of(file, followingLinks: true).get().changed
            digests.append(ServiceInputs.Digest(kind: kind, name: name, value: value, changedAt: changed))
        }
        for file in project.envFiles[service] ?? [] {
            if !file.required && FileSystem.kind(file.path) == .missing { continue }
            try digest(.envFile, PathRules.display(file.path, under: project.workingDirectory), file: file.path, at: file.location ?? node.location)
        }
        for (kind, section, top) in [(ServiceInputs.Kind.secret, "secrets", project.secrets), (.config, "configs", project.configs)] {
            var seen = Set<String>()
            for item in node[section]?.sequence ?? [] {
                guard let source = item["source"]?.scalarText, seen.insert(source).inserted,
                      let file = top[source]?["file"]?.scalarText else { continue }
                try digest(kind, source, file: file, at: item.location)
            }
        }
        return ServiceInputs(keyID: key.id, digests: digests)
    }
}
