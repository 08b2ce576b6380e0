/// The Go type compose-go v2.9.1 (the loader inside docker compose v2.40.3) gives each part of a
/// service, as far as `encoding/json` sees it: struct fields in declaration order (which is NOT
/// the alphabetical order of the keys: `develop` before `blkio_config`, `cpus` before `cpuset`
/// before `cpu_shares`, `provider` after `entrypoint`, `environment` before `env_file`,
/// `post_start`/`pre_stop` last...), maps with sorted keys, and each field's `omitempty` rule.
/// Measured against `docker compose config --format json`, which prints the same structs.
indirect enum GoShape: Sendable {
    /// A Go struct. Keys plane has that the struct does not name are written last, sorted; `x-`
    /// keys are extensions (`json:"-"`) and never written.
    case object([GoField])
    /// A Go map (keys sorted bytewise) of values of one shape.
    case map(GoShape)
    /// compose-go's string maps (`Mapping`, `Labels`, `MappingWithEquals`, `Options`): like `map`,
    /// but keys starting `x-` are folded by the YAML decoder into ONE key `"#extensions"` whose
    /// value is Go's `%v` of them: `map[x-a:1 x-b:<nil>]`.
    case stringMap
    case list(GoShape)
    /// `float32` fields (`cpus`): the shortest float32 digits, `0.33333334`.
    case float32
    /// An `env_file` entry (`EnvFile`): the bare path when `required` (its `format` is then lost),
    /// else `{"path", "required": false, "format"?}`.
    case envFile
    /// A `ulimits` value (`UlimitsConfig`): the number when single and non-zero, else the struct.
    case ulimit
    /// Scalars as they are; sequences and mappings as Go slices and maps of anything.
    case value
}

struct GoField: Sendable {
    /// How `omitempty` (or its absence) treats the field.
    enum Omission: Sendable {
        /// `omitempty` on a value type: left out when false, 0, "", empty list or map, or absent.
        case whenEmpty
        /// `omitempty` on a pointer: left out only when absent (`init: false` is written).
        case whenAbsent
        /// No `omitempty`: `null` when absent (`command`, `entrypoint`).
        case never
        /// A struct held by value: `omitempty` never drops it, `{}` when absent (`deploy.resources`).
        case neverEmptyStruct
    }

    let key: String
    let shape: GoShape
    let omission: Omission

    init(_ key: String, _ shape: GoShape = .value, _ omission: Omission = .whenEmpty) {
        self.key = key
        self.shape = shape
        self.omission = omission
    }
}

enum ComposeServiceShape {
    static let fileReference: GoShape = .object([
        GoField("source"), GoField("target"), GoField("uid"), GoField("gid"), GoField("mode", .value, .whenAbsent),
    ])

    static let deviceRequest: GoShape = .object([
        GoField("capabilities"), GoField("driver"), GoField("count"), GoField("device_ids"), GoField("options", .stringMap),
    ])

    static let hook: GoShape = .object([
        GoField("command", .value, .never), GoField("user"), GoField("privileged"), GoField("working_dir"),
        GoField("environment", .stringMap),
    ])

    static let updateConfig: GoShape = .object([
        GoField("parallelism", .value, .whenAbsent), GoField("delay"), GoField("failure_action"), GoField("monitor"),
        GoField("max_failure_ratio", .float32), GoField("order"),
    ])

    static let resource: GoShape = .object([
        GoField("cpus", .float32), GoField("memory"), GoField("pids"), GoField("devices", .list(deviceRequest)),
        GoField("generic_resources", .list(.object([
            GoField("discrete_resource_spec", .object([GoField("kind", .value, .never), GoField("value", .value, .never)]), .whenAbsent),
        ]))),
    ])

    static let deploy: GoShape = .object([
        GoField("mode"), GoField("replicas", .value, .whenAbsent), GoField("labels", .stringMap),
        GoField("update_config", updateConfig, .whenAbsent), GoField("rollback_config", updateConfig, .whenAbsent),
        GoField("resources", .object([GoField("limits", resource, .whenAbsent), GoField("reservations", resource, .whenAbsent)]), .neverEmptyStruct),
        GoField("restart_policy", .object([
            GoField("condition"), GoField("delay", .value, .whenAbsent), GoField("max_attempts", .value, .whenAbsent),
            GoField("window", .value, .whenAbsent),
        ]), .whenAbsent),
        GoField("placement", .object([
            GoField("constraints"), GoField("preferences", .list(.object([GoField("spread")]))), GoField("max_replicas_per_node"),
        ]), .neverEmptyStruct),
        GoField("endpoint_mode"),
    ])

    /// `WeightDevice` / `ThrottleDevice` have no json tags: Go writes the field names, always.
    static let throttle: GoShape = .list(.object([GoField("Path", .value, .never), GoField("Rate", .value, .never)]))

    static let blkio: GoShape = .object([
        GoField("weight"),
        GoField("weight_device", .list(.object([GoField("Path", .value, .never), GoField("Weight", .value, .never)]))),
        GoField("device_read_bps", throttle), GoField("device_read_iops", throttle),
        GoField("device_write_bps", throttle), GoField("device_write_iops", throttle),
    ])

    static let volume: GoShape = .object([
        GoField("type"), GoField("source"), GoField("target"), GoField("read_only"), GoField("consistency"),
        GoField("bind", .object([GoField("selinux"), GoField("propagation"), GoField("create_host_path"), GoField("recursive")]), .whenAbsent),
        GoField("volume", .object([GoField("labels", .stringMap), GoField("nocopy"), GoField("subpath")]), .whenAbsent),
        GoField("tmpfs", .object([GoField("size"), GoField("mode")]), .whenAbsent),
        GoField("image", .object([GoField("subpath")]), .whenAbsent),
    ])

    static let serviceNetwork: GoShape = .object([
        GoField("aliases"), GoField("driver_opts", .stringMap), GoField("gw_priority"), GoField("interface_name"),
        GoField("ipv4_address"), GoField("ipv6_address"), GoField("link_local_ips"), GoField("mac_address"), GoField("priority"),
    ])

    static let develop: GoShape = .object([
        GoField("watch", .list(.object([
            GoField("path", .value, .never), GoField("action", .value, .never), GoField("target"),
            GoField("exec", hook, .neverEmptyStruct), GoField("include"), GoField("ignore"), GoField("initial_sync"),
        ]))),
    ])

    /// `types.ServiceConfig`.
    static let service: GoShape = .object([
        GoField("profiles"),
        GoField("annotations", .stringMap),
        GoField("attach", .value, .whenAbsent),
        GoField("build", .value, .whenAbsent),
        GoField("develop", develop, .whenAbsent),
        GoField("blkio_config", blkio, .whenAbsent),
        GoField("cap_add"), GoField("cap_drop"), GoField("cgroup_parent"), GoField("cgroup"),
        GoField("cpu_count"), GoField("cpu_percent", .float32), GoField("cpu_period"), GoField("cpu_quota"),
        GoField("cpu_rt_period"), GoField("cpu_rt_runtime"), GoField("cpus", .float32), GoField("cpuset"), GoField("cpu_shares"),
        GoField("command", .value, .never),
        GoField("configs", .list(fileReference)),
        GoField("container_name"),
        GoField("credential_spec", .object([GoField("config"), GoField("file"), GoField("registry")]), .whenAbsent),
        GoField("depends_on", .value),
        GoField("deploy", deploy, .whenAbsent),
        GoField("device_cgroup_rules"),
        GoField("devices", .list(.object([GoField("source"), GoField("target"), GoField("permissions")]))),
        GoField("dns"), GoField("dns_opt"), GoField("dns_search"), GoField("dockerfile"), GoField("domainname"),
        GoField("entrypoint", .value, .never),
        GoField("provider", .object([GoField("type"), GoField("options", .map(.value))]), .whenAbsent),
        GoField("environment", .stringMap),
        GoField("env_file", .list(.envFile)),
        GoField("expose"),
        GoField("extends", .object([GoField("file"), GoField("service")]), .whenAbsent),
        GoField("external_links"), GoField("extra_hosts"), GoField("group_add"),
        GoField("gpus", .list(deviceRequest)),
        GoField("hostname"),
        GoField("healthcheck", .object([
            GoField("test"), GoField("timeout", .value, .whenAbsent), GoField("interval", .value, .whenAbsent),
            GoField("retries", .value, .whenAbsent), GoField("start_period", .value, .whenAbsent),
            GoField("start_interval", .value, .whenAbsent), GoField("disable"),
        ]), .whenAbsent),
        GoField("image"),
        GoField("init", .value, .whenAbsent),
        GoField("ipc"), GoField("isolation"),
        GoField("labels", .stringMap),
        GoField("label_file"),
        GoField("links"),
        GoField("logging", .object([GoField("driver"), GoField("options", .stringMap)]), .whenAbsent),
        GoField("log_driver"), GoField("log_opt", .map(.value)),
        GoField("mem_limit"), GoField("mem_reservation"), GoField("memswap_limit"), GoField("mem_swappiness"),
        GoField("mac_address"),
        GoField("models", .map(.object([GoField("endpoint_var")]))),
        GoField("net"), GoField("network_mode"),
        GoField("networks", .map(serviceNetwork)),
        GoField("oom_kill_disable"), GoField("oom_score_adj"), GoField("pid"), GoField("pids_limit"), GoField("platform"),
        GoField("ports", .list(.object([
            GoField("name"), GoField("mode"), GoField("host_ip"), GoField("target"), GoField("published"),
            GoField("protocol"), GoField("app_protocol"),
        ]))),
        GoField("privileged"), GoField("pull_policy"), GoField("read_only"), GoField("restart"), GoField("runtime"),
        GoField("scale", .value, .whenAbsent),
        GoField("secrets", .list(fileReference)),
        GoField("security_opt"), GoField("shm_size"), GoField("stdin_open"),
        GoField("stop_grace_period", .value, .whenAbsent), GoField("stop_signal"),
        GoField("storage_opt", .map(.value)),
        GoField("sysctls", .stringMap),
        GoField("tmpfs"), GoField("tty"),
        GoField("ulimits", .map(.ulimit)),
        GoField("use_api_socket"), GoField("user"), GoField("userns_mode"), GoField("uts"), GoField("volume_driver"),
        GoField("volumes", .list(volume)),
        GoField("volumes_from"), GoField("working_dir"),
        GoField("post_start", .list(hook)), GoField("pre_stop", .list(hook)),
    ])
}
