/// docker compose v2.40.3's own service hash (`pkg/compose/hash.go` `ServiceHash`): sha256 of
/// `json.Marshal(types.ServiceConfig)` once `build`, `pull_policy`, `scale`, `deploy.replicas`,
/// `depends_on` and `profiles` are cleared. compose computes it on two different loads of the
/// same service, hence two flavours (measured, docs/COMPOSE-ORACLE-NOTES.md "config-hash").
public enum ComposeServiceHash {
    public enum Flavor: Sendable, Equatable {
        /// What `docker compose config --hash` prints. The project is loaded without resolving
        /// env files: `env_file` stays (absolute paths) and `environment` holds only what the
        /// service itself declares, so editing an env file does not change this hash.
        case configCommand
        /// What `docker compose up` stamps as `com.docker.compose.config-hash`: env files loaded
        /// into `environment` and `env_file` dropped, `label_file` kept next to the labels it
        /// loaded, and `service:NAME` references resolved to NAME's container ID.
        case upLabel
    }

    /// compose's `ServiceHash` clears these before hashing.
    static let cleared = ["build", "pull_policy", "scale", "depends_on", "profiles"]

    /// The hash of service `name` of `project` (nil when there is no such service).
    /// `containerID` gives, for `upLabel`, the ID of a service's (first) container, which compose
    /// writes in place of `network_mode`/`ipc`/`pid: service:NAME` and `volumes_from: [NAME]`.
    public static func hash(service name: String, in project: ResolvedProject, flavor: Flavor,
                            containerID: (String) -> String? = { _ in nil }) -> String? {
        guard let service = project.services[name] ?? project.disabledServices[name] else { return nil }
        return hash(service, envFiles: project.envFiles[name] ?? [], flavor: flavor, containerID: containerID)
    }

    /// The hash of a canonical service (as `ResolvedProject.services` holds it) and its `env_file`
    /// entries.
    public static func hash(_ service: Node, envFiles: [EnvFileReference], flavor: Flavor,
                            containerID: (String) -> String? = { _ in nil }) -> String {
        let bytes = ComposeServiceEncoder.encode(hashed(service, envFiles: envFiles, flavor: flavor, containerID: containerID))
        return SHA256.hex(String(decoding: bytes, as: UTF8.self))
    }

    /// The service as compose marshals it for the hash (before the encoder orders it).
    static func hashed(_ service: Node, envFiles: [EnvFileReference], flavor: Flavor,
                       containerID: (String) -> String?) -> Node {
        guard var m = service.mapping else { return service }
        for key in cleared { m.remove(key) }
        if var deploy = m["deploy"]?.mapping {
            deploy.remove("replicas")
            m["deploy"] = Node(.mapping(deploy))
        }
        switch flavor {
        case .configCommand:
            withoutEnvFiles(&m, envFiles)
        case .upLabel:
            withLabelFiles(&m)
            resolvingServiceReferences(&m, containerID)
        }
        return Node(.mapping(m))
    }

    /// The `upLabel` template of a service whose definition names another service's container, or
    /// nil when it names none. `containerName` gives the name of a service's (first) container.
    public static func template(_ service: Node, envFiles: [EnvFileReference],
                                containerName: (String) -> String?) -> ComposeHashTemplate? {
        let references = referencedServices(service)
        guard !references.isEmpty else { return nil }
        var containers: [String: String] = [:]
        for reference in references { if let name = containerName(reference) { containers[reference] = name } }
        return ComposeHashTemplate(hashed: hashed(service, envFiles: envFiles, flavor: .upLabel, containerID: { _ in nil }), containers: containers)
    }

    /// The services whose container ID compose writes into the hashed definition, sorted.
    static func referencedServices(_ service: Node) -> [String] {
        var names = Set<String>()
        for key in ["network_mode", "ipc", "pid"] {
            if let mode = service[key]?.string, mode.hasPrefix("service:") { names.insert(String(mode.dropFirst("service:".count))) }
        }
        for source in service["volumes_from"]?.sequence ?? [] {
            guard let text = source.string, !text.hasPrefix("container:") else { continue }
            names.insert(String(text.split(separator: ":", omittingEmptySubsequences: false)[0]))
        }
        return names.sorted()
    }

    /// `environment` as the service declares it (the canonical model has the env files' values
    /// merged in: those are the ones read from an env file), and `env_file` back.
    static func withoutEnvFiles(_ m: inout Mapping, _ envFiles: [EnvFileReference]) {
        guard !envFiles.isEmpty else { return }
        let paths = Set(envFiles.map(\.path))
        if let environment = m["environment"]?.mapping {
            var declared = Mapping()
            for entry in environment.entries where !(entry.value.location.map { paths.contains($0.file) } ?? false) {
                declared.set(entry.key, entry.value, keyLocation: entry.keyLocation)
            }
            m["environment"] = Node(.mapping(declared))
        }
        m["env_file"] = Node(.sequence(envFiles.map { file in
            if file.required { return Node(.string(file.path)) }
            var entry = Mapping()
            entry["path"] = .string(file.path)
            entry["required"] = .bool(false)
            if file.raw { entry["format"] = .string("raw") }
            return Node(.mapping(entry))
        }))
    }

    /// `up` keeps `label_file` (absolute paths) beside the labels read from it. The canonical model
    /// only has the labels: a label file is the file a label's value was read from when that file
    /// is not YAML. (A label file all of whose keys `labels:` overrides is not seen.)
    static func withLabelFiles(_ m: inout Mapping) {
        guard let labels = m["labels"]?.mapping else { return }
        var files: [String] = []
        for entry in labels.entries {
            guard let file = entry.value.location?.file, !file.hasSuffix(".yaml"), !file.hasSuffix(".yml"),
                  !files.contains(file) else { continue }
            files.append(file)
        }
        if !files.isEmpty { m["label_file"] = Node(.sequence(files.map { Node(.string($0)) })) }
    }

    /// compose's `resolveServiceReferences`, run before `up` hashes: `service:NAME` namespaces
    /// become `container:<ID>`, and a `volumes_from` entry becomes the bare container ID (a
    /// service's) or name (`container:NAME`), its `:ro`/`:rw` dropped.
    static func resolvingServiceReferences(_ m: inout Mapping, _ containerID: (String) -> String?) {
        for key in ["network_mode", "ipc", "pid"] {
            guard let mode = m[key]?.string, mode.hasPrefix("service:"),
                  let id = containerID(String(mode.dropFirst("service:".count))) else { continue }
            m[key] = .string("container:" + id)
        }
        guard let sources = m["volumes_from"]?.sequence else { return }
        m["volumes_from"] = Node(.sequence(sources.map { source in
            guard let text = source.string else { return source }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts[0] == "container", parts.count > 1 { return .string(parts[1]) }
            return containerID(parts[0]).map { .string($0) } ?? source
        }))
    }
}

/// compose's `up` label of a service whose definition names another service's container
/// (`network_mode`/`ipc`/`pid: service:X`, `volumes_from: [X]`): compose hashes X's container ID
/// in place of the name, so the label is known only once X's container exists, and it changes
/// whenever X's container is replaced (compose then recreates the service too).
public struct ComposeHashTemplate: Sendable {
    /// The service as hashed, its references not yet resolved.
    let hashed: Node
    /// Referenced service -> the name of its container.
    public let containers: [String: String]

    public var services: [String] { containers.keys.sorted() }

    /// The label, given the referenced services' container IDs (by service).
    public func hash(ids: [String: String]) -> String {
        guard var m = hashed.mapping else { return "" }
        ComposeServiceHash.resolvingServiceReferences(&m) { ids[$0] }
        return SHA256.hex(String(decoding: ComposeServiceEncoder.encode(Node(.mapping(m))), as: UTF8.self))
    }
}
