/// The keys compose's schema allows at each level (compose-spec). `x-` keys are allowed everywhere
/// an extension is.
enum SchemaKeys {
    static let topLevel: Set<String> = ["version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models"]

    static let service: Set<String> = [
        "annotations", "attach", "build", "blkio_config", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
        "configs", "container_name", "cpu_count", "cpu_percent", "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period",
        "cpu_rt_runtime", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules",
        "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "label_file", "environment",
        "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image",
        "init", "ipc", "isolation", "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
        "mem_swappiness", "memswap_limit", "models", "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid",
        "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged", "profiles", "provider", "pull_policy",
        "pull_refresh_after", "read_only", "restart", "runtime", "scale", "security_opt", "shm_size", "secrets", "sysctls",
        "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "tmpfs", "tty", "ulimits", "use_api_socket",
        "user", "uts", "userns_mode", "volumes", "volumes_from", "working_dir",
    ]

    static let nested: [String: Set<String>] = [
        "healthcheck": ["test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"],
        "build": ["context", "dockerfile", "dockerfile_inline", "entitlements", "args", "ssh", "labels", "cache_from",
                  "cache_to", "no_cache", "additional_contexts", "network", "provenance", "sbom", "pull", "target",
                  "shm_size", "extra_hosts", "isolation", "privileged", "secrets", "tags", "ulimits", "platforms"],
        "deploy": ["mode", "endpoint_mode", "replicas", "labels", "rollback_config", "update_config", "resources",
                   "restart_policy", "placement"],
        "logging": ["driver", "options"],
        "extends": ["service", "file"],
    ]

    static let dependsOnEntry: Set<String> = ["condition", "required", "restart"]
    static let serviceNetwork: Set<String> = ["aliases", "interface_name", "ipv4_address", "ipv6_address", "link_local_ips",
                                              "mac_address", "driver_opts", "priority", "gw_priority"]
    static let port: Set<String> = ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"]
    static let volumeMount: Set<String> = ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"]
    static let fileMount: Set<String> = ["source", "target", "uid", "gid", "mode"]
    static let envFile: Set<String> = ["path", "required", "format"]

    static let resources: [String: Set<String>] = [
        "networks": ["name", "driver", "driver_opts", "ipam", "external", "internal", "enable_ipv4", "enable_ipv6",
                     "attachable", "labels"],
        "volumes": ["name", "driver", "driver_opts", "external", "labels"],
        "secrets": ["name", "environment", "file", "external", "labels", "driver", "driver_opts", "template_driver"],
        "configs": ["name", "content", "environment", "file", "external", "labels", "template_driver"],
        "models": ["name", "model", "context_size", "runtime_flags"],
    ]
}
