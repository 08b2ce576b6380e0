import DockerEngine

/// The settings `docker update` changes on a live container (restart policy, memory, CPUs, pids,
/// block-IO weight), compared between what the files ask for (the create body) and what the engine
/// reports (inspect). No label changes with them, so docker compose's `up --dry-run` and the plan's
/// label comparison cannot see them. A value the files leave unset is compared as the engine's
/// default (0 / `no`), never against what the engine fills in elsewhere (only these fields are read).
public enum LiveSettings {
    public static func changes(files: Engine.HostConfig?, engine: Engine.HostConfig?) -> [ContainerChange] {
        var changes: [ContainerChange] = []
        let wanted = restart(files?.restartPolicy)
        let actual = restart(engine?.restartPolicy)
        if wanted != actual { changes.append(.liveEdited(field: "restart policy", engine: actual, files: wanted)) }

        func compare(_ field: String, _ files: Int64?, _ engine: Int64?, _ show: (Int64) -> String) {
            let want = max(files ?? 0, 0), have = max(engine ?? 0, 0)
            if want != have { changes.append(.liveEdited(field: field, engine: show(have), files: show(want))) }
        }
        compare("memory limit", files?.memory, engine?.memory, bytes)
        compare("memory reservation", files?.memoryReservation, engine?.memoryReservation, bytes)
        compare("cpus", files?.nanoCpus, engine?.nanoCpus) { $0 == 0 ? "unlimited" : "\(Double($0) / 1e9)" }
        compare("cpu shares", files?.cpuShares.map { Int64($0) }, engine?.cpuShares.map { Int64($0) }, plain)
        compare("cpu quota", files?.cpuQuota, engine?.cpuQuota, plain)
        compare("cpu period", files?.cpuPeriod, engine?.cpuPeriod, plain)
        compare("pids limit", files?.pidsLimit, engine?.pidsLimit, plain)
        compare("blkio weight", files?.blkioWeight.map { Int64($0) }, engine?.blkioWeight.map { Int64($0) }, plain)
        if (files?.cpusetCpus ?? "") != (engine?.cpusetCpus ?? "") {
            changes.append(.liveEdited(field: "cpuset cpus", engine: text(engine?.cpusetCpus), files: text(files?.cpusetCpus)))
        }
        if (files?.cpusetMems ?? "") != (engine?.cpusetMems ?? "") {
            changes.append(.liveEdited(field: "cpuset mems", engine: text(engine?.cpusetMems), files: text(files?.cpusetMems)))
        }
        // A swap limit is compared only when the files set one: the engine derives it from the memory limit otherwise.
        if let swap = files?.memorySwap, swap != 0, swap != engine?.memorySwap {
            changes.append(.liveEdited(field: "memory+swap limit", engine: bytes(engine?.memorySwap ?? 0), files: bytes(swap)))
        }
        return changes
    }

    /// `no` for an unset policy (the engine reports `""` or `no`); `on-failure:3` with a retry count.
    static func restart(_ policy: Engine.RestartPolicy?) -> String {
        let name = (policy?.name ?? "").isEmpty ? "no" : policy!.name
        if name == "on-failure", let count = policy?.maximumRetryCount, count > 0 { return "on-failure:\(count)" }
        return name
    }

    static func bytes(_ value: Int64) -> String {
        if value <= 0 { return "unlimited" }
        for (unit, size) in [("GiB", Int64(1) << 30), ("MiB", Int64(1) << 20), ("KiB", Int64(1) << 10)] where value % size == 0 {
            return "\(value / size) \(unit)"
        }
        return "\(value) bytes"
    }

    static func plain(_ value: Int64) -> String { value == 0 ? "unset" : String(value) }
    static func text(_ value: String?) -> String { (value ?? "").isEmpty ? "unset" : value! }
}
