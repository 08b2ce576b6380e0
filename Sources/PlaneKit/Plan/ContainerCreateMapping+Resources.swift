import DockerEngine

/// Resources and limits, as compose's getDeployResources sends them: the service keys first, then
/// `deploy.resources` on top (limits: memory, cpus, pids; reservations: memory, devices), and the
/// checks compose-go makes when both are written.
extension ContainerCreateMapping {
    func mapResources(_ m: Mapping, values: Values, host: inout Engine.HostConfig) throws(PlanError) {
        func node(_ key: String) -> Node? { m[key] }

        host.cgroupParent = try node("cgroup_parent").flatMap { n throws(PlanError) in try values.text(n, "cgroup_parent") }
        host.memory = try node("mem_limit").flatMap { n throws(PlanError) in try values.bytes(n, "mem_limit") }
        host.memorySwap = try node("memswap_limit").flatMap { n throws(PlanError) in try values.bytes(n, "memswap_limit") }
        host.memoryReservation = try node("mem_reservation").flatMap { n throws(PlanError) in try values.bytes(n, "mem_reservation") }
        host.shmSize = try node("shm_size").flatMap { n throws(PlanError) in try values.bytes(n, "shm_size") }
        if let swappiness = try node("mem_swappiness").flatMap({ n throws(PlanError) in try values.int64(n, "mem_swappiness") }), swappiness != 0 {
            host.memorySwappiness = swappiness
        }
        // compose always sends it.
        host.oomKillDisable = try node("oom_kill_disable").flatMap { n throws(PlanError) in try values.bool(n, "oom_kill_disable") } ?? false
        host.oomScoreAdj = try node("oom_score_adj").flatMap { n throws(PlanError) in try values.int(n, "oom_score_adj") }
        host.cpuCount = try node("cpu_count").flatMap { n throws(PlanError) in try values.int64(n, "cpu_count") }
        host.cpuPeriod = try node("cpu_period").flatMap { n throws(PlanError) in try values.int64(n, "cpu_period") }
        host.cpuQuota = try node("cpu_quota").flatMap { n throws(PlanError) in try values.int64(n, "cpu_quota") }
        host.cpuRealtimePeriod = try node("cpu_rt_period").flatMap { n throws(PlanError) in try values.int64(n, "cpu_rt_period") }
        host.cpuRealtimeRuntime = try node("cpu_rt_runtime").flatMap { n throws(PlanError) in try values.int64(n, "cpu_rt_runtime") }
        host.cpuShares = try node("cpu_shares").flatMap { n throws(PlanError) in try values.int(n, "cpu_shares") }
        host.cpusetCpus = try node("cpuset").flatMap { n throws(PlanError) in try values.text(n, "cpuset") }
        host.deviceCgroupRules = try node("device_cgroup_rules").flatMap { n throws(PlanError) in try values.strings(n, "device_cgroup_rules") }
        let cpus = try node("cpus").flatMap { n throws(PlanError) in try cpuCount(n, "cpus", values: values) }
        if let cpus, cpus != 0 { host.nanoCpus = Self.float32Product(cpus, 1e9) }
        if let percent = try node("cpu_percent").flatMap({ n throws(PlanError) in try values.double(n, "cpu_percent") }), percent != 0 {
            host.cpuPercent = Self.float32Product(percent, 100)
        }
        let pids = try node("pids_limit").flatMap { n throws(PlanError) in try values.int64(n, "pids_limit") }
        if let pids, pids != 0 { host.pidsLimit = pids }
        if let blkio = node("blkio_config") { try mapBlkio(blkio, values: values, host: &host) }
        if let deploy = node("deploy") {
            try mapDeploy(deploy, m, cpus: cpus, pids: pids, values: values, host: &host)
        } else if let scale = m["scale"] {
            try checkScale(scale: scale, replicas: nil, values: values)
        }
        if let devices = node("devices") { try mapDevices(devices, values: values, host: &host) }
        if let gpus = node("gpus") { try mapGPUs(gpus, values: values, host: &host) }
        if let ulimits = node("ulimits") { host.ulimits = try self.ulimits(ulimits, values: values) }
    }

    func cpuCount(_ node: Node, _ key: String, values: Values) throws(PlanError) -> Double? {
        guard let cpus = try values.double(node, key) else { return nil }
        guard cpus >= 0, cpus < 1e6 else { throw values.refused(key, node, because: "\(node.scalarText ?? "") is not a CPU count") }
        return cpus
    }

    /// `scale:` and `deploy.replicas`: how many containers the service runs (compose's rules: both
    /// set must agree; a negative count is refused, never read as zero).
    @discardableResult
    func checkScale(scale: Node?, replicas: Node?, values: Values) throws(PlanError) -> Int {
        let scaleCount = try scale.flatMap { n throws(PlanError) in try values.int(n, "scale") }
        let replicaCount = try replicas.flatMap { n throws(PlanError) in try values.int(n, "deploy.replicas") }
        if let scaleCount, let replicaCount, scaleCount != replicaCount {
            throw values.refused("scale", scale, because: "can't set distinct values on 'scale' and 'deploy.replicas' (compose refuses it too)")
        }
        let count = replicaCount ?? scaleCount ?? 1
        if count < 0 {
            let key = replicaCount != nil ? "deploy.replicas" : "scale"
            throw values.refused(key, replicaCount != nil ? replicas : scale, because: "\(count) is not a number of containers")
        }
        return count
    }

    /// The number of containers `service` runs: `deploy.replicas`, else `scale`, else 1.
    public func replicas(service name: String, _ service: Node) throws(PlanError) -> Int {
        let deploy = service["deploy"]
        return try checkScale(scale: service["scale"], replicas: deploy?.mapping != nil ? deploy?["replicas"] : nil, values: Values(service: name))
    }

    func mapDeploy(_ deploy: Node, _ service: Mapping, cpus: Double?, pids: Int64?, values: Values, host: inout Engine.HostConfig) throws(PlanError) {
        guard let d = deploy.mapping else {
            if deploy.isNull { return }
            throw values.invalid("deploy", deploy, expected: "a mapping")
        }
        try checkScale(scale: service["scale"], replicas: d["replicas"], values: values)
        if let mode = d["mode"]?.scalarText, !["replicated", "global"].contains(mode) {
            throw values.refused("deploy.mode", d["mode"], because: "mode \(mode) runs jobs; plane runs services")
        }
        if let policy = d["restart_policy"], let p = policy.mapping {
            let condition = try p["condition"].flatMap { n throws(PlanError) in try values.text(n, "deploy.restart_policy.condition") } ?? ""
            let attempts = try p["max_attempts"].flatMap { n throws(PlanError) in try values.int(n, "deploy.restart_policy.max_attempts") } ?? 0
            host.restartPolicy = Engine.RestartPolicy(name: Self.restartCondition(condition), maximumRetryCount: attempts > 0 ? attempts : nil)
        }
        guard let resources = d["resources"]?.mapping else { return }
        if let limits = resources["limits"] {
            guard let l = limits.mapping else { throw values.invalid("deploy.resources.limits", limits, expected: "a mapping") }
            let memory = try l["memory"].flatMap { n throws(PlanError) in try values.bytes(n, "deploy.resources.limits.memory") } ?? 0
            let limitCPUs = try l["cpus"].flatMap { n throws(PlanError) in try cpuCount(n, "deploy.resources.limits.cpus", values: values) } ?? 0
            let limitPids = try l["pids"].flatMap { n throws(PlanError) in try values.int64(n, "deploy.resources.limits.pids") } ?? 0
            // compose-go: with a limits block, the service keys must say the same.
            if let mem = host.memory, mem != 0, mem != memory {
                throw values.refused("mem_limit", service["mem_limit"], because: "can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory' (compose refuses it too)")
            }
            if let cpus, cpus != 0, Float(cpus) != Float(limitCPUs) {
                throw values.refused("cpus", service["cpus"], because: "can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus' (compose refuses it too)")
            }
            if let pids, pids != 0, pids != limitPids {
                throw values.refused("pids_limit", service["pids_limit"], because: "can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids' (compose refuses it too)")
            }
            if memory != 0 { host.memory = memory }
            if limitCPUs != 0 { host.nanoCpus = Self.float32Product(limitCPUs, 1e9) }
            if limitPids > 0 { host.pidsLimit = limitPids }
        }
        if let reservations = resources["reservations"] {
            guard let r = reservations.mapping else { throw values.invalid("deploy.resources.reservations", reservations, expected: "a mapping") }
            let memory = try r["memory"].flatMap { n throws(PlanError) in try values.bytes(n, "deploy.resources.reservations.memory") } ?? 0
            if let mem = host.memoryReservation, mem != 0, mem != memory {
                throw values.refused("mem_reservation", service["mem_reservation"], because: "can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory' (compose refuses it too)")
            }
            if memory != 0 { host.memoryReservation = memory }
            for device in r["devices"]?.sequence ?? [] {
                var request = try deviceRequest(device, "deploy.resources.reservations.devices", values: values)
                request.capabilities = [try device["capabilities"].flatMap { n throws(PlanError) in try values.strings(n, "deploy.resources.reservations.devices.capabilities") } ?? []]
                host.deviceRequests = (host.deviceRequests ?? []) + [request]
            }
        }
    }

    func deviceRequest(_ device: Node, _ key: String, values: Values) throws(PlanError) -> Engine.DeviceRequest {
        guard device.mapping != nil else { throw values.invalid(key, device, expected: "a mapping") }
        var request = Engine.DeviceRequest()
        request.driver = try device["driver"].flatMap { n throws(PlanError) in try values.text(n, "\(key).driver") } ?? ""
        if let count = device["count"] {
            if count.scalarText == "all" { request.count = -1 } else { request.count = try values.int(count, "\(key).count") ?? 0 }
        } else {
            request.count = 0
        }
        request.deviceIDs = try device["device_ids"].flatMap { n throws(PlanError) in try values.strings(n, "\(key).device_ids") }
        if let options = device["options"] { request.options = try values.stringMap(options, "\(key).options") }
        return request
    }

    /// `gpus: all` or a list of device requests; compose adds the `gpu` capability.
    func mapGPUs(_ gpus: Node, values: Values, host: inout Engine.HostConfig) throws(PlanError) {
        var requests = host.deviceRequests ?? []
        if gpus.scalarText == "all" {
            requests.append(Engine.DeviceRequest(driver: "", count: -1, capabilities: [["gpu"]]))
        } else {
            guard let items = gpus.sequence else { throw values.invalid("gpus", gpus, expected: "all or a list") }
            for item in items {
                var request = try deviceRequest(item, "gpus", values: values)
                let capabilities = try item["capabilities"].flatMap { n throws(PlanError) in try values.strings(n, "gpus.capabilities") } ?? []
                request.capabilities = [capabilities + ["gpu"]]
                requests.append(request)
            }
        }
        host.deviceRequests = requests
    }

    /// Host devices; a CDI name (`vendor.com/class=name`) mapped onto itself becomes a CDI request.
    func mapDevices(_ devices: Node, values: Values, host: inout Engine.HostConfig) throws(PlanError) {
        var mappings: [Engine.DeviceMapping] = []
        var cdi: [String] = []
        for item in devices.sequence ?? [] {
            guard let source = item["source"]?.scalarText else { throw values.invalid("devices", item, expected: "a device (source[:target[:permissions]])") }
            let target = item["target"]?.scalarText ?? source
            if source == target, Self.isCDIName(source) {
                cdi.append(source)
                continue
            }
            mappings.append(Engine.DeviceMapping(pathOnHost: source, pathInContainer: target, cgroupPermissions: item["permissions"]?.scalarText ?? ""))
        }
        if !mappings.isEmpty { host.devices = mappings }
        if !cdi.isEmpty { host.deviceRequests = (host.deviceRequests ?? []) + [Engine.DeviceRequest(driver: "cdi", deviceIDs: cdi)] }
    }

    /// `vendor/class=name` (the container-device-interface qualified name).
    static func isCDIName(_ text: String) -> Bool {
        guard let slash = text.firstIndex(of: "/"), let eq = text.firstIndex(of: "="), slash < eq else { return false }
        let vendor = text[..<slash], kind = text[text.index(after: slash)..<eq], name = text[text.index(after: eq)...]
        func ok(_ part: Substring, _ extra: String) -> Bool {
            guard let first = part.first, first.isLetter || first.isNumber else { return false }
            return part.allSatisfy { $0.isLetter || $0.isNumber || extra.contains($0) }
        }
        return ok(vendor, "._-") && ok(kind, "_-") && ok(name, "_.:-")
    }

    func ulimits(_ node: Node, values: Values) throws(PlanError) -> [Engine.Ulimit] {
        guard let map = node.mapping else { throw values.invalid("ulimits", node, expected: "a mapping") }
        var result: [Engine.Ulimit] = []
        for entry in map.sortedEntries {
            let key = "ulimits.\(entry.key)"
            if entry.value.mapping == nil, let single = try values.int64(entry.value, key) {
                result.append(Engine.Ulimit(name: entry.key, soft: single, hard: single))
                continue
            }
            guard entry.value.mapping != nil else { throw values.invalid(key, entry.value, expected: "a number or soft/hard") }
            let soft = try entry.value["soft"].flatMap { n throws(PlanError) in try values.int64(n, "\(key).soft") } ?? 0
            let hard = try entry.value["hard"].flatMap { n throws(PlanError) in try values.int64(n, "\(key).hard") } ?? 0
            result.append(Engine.Ulimit(name: entry.key, soft: soft, hard: hard))
        }
        return result
    }

    func mapBlkio(_ node: Node, values: Values, host: inout Engine.HostConfig) throws(PlanError) {
        guard node.mapping != nil else { throw values.invalid("blkio_config", node, expected: "a mapping") }
        host.blkioWeight = try node["weight"].flatMap { n throws(PlanError) in try values.int(n, "blkio_config.weight") }
        if let devices = node["weight_device"]?.sequence {
            var list: [Engine.WeightDevice] = []
            for d in devices {
                let path = try d["path"].flatMap { n throws(PlanError) in try values.text(n, "blkio_config.weight_device.path") } ?? ""
                let weight = try d["weight"].flatMap { n throws(PlanError) in try values.int(n, "blkio_config.weight_device.weight") } ?? 0
                list.append(Engine.WeightDevice(path: path, weight: weight))
            }
            host.blkioWeightDevice = list
        }
        func throttle(_ key: String, bytes: Bool) throws(PlanError) -> [Engine.ThrottleDevice]? {
            guard let devices = node[key]?.sequence else { return nil }
            var list: [Engine.ThrottleDevice] = []
            for d in devices {
                let path = try d["path"].flatMap { n throws(PlanError) in try values.text(n, "blkio_config.\(key).path") } ?? ""
                let rateNode = d["rate"] ?? .null
                let rate = try (bytes ? values.bytes(rateNode, "blkio_config.\(key).rate") : values.int64(rateNode, "blkio_config.\(key).rate")) ?? 0
                guard rate >= 0 else { throw values.refused("blkio_config.\(key).rate", rateNode, because: "a rate cannot be negative") }
                list.append(Engine.ThrottleDevice(path: path, rate: UInt64(rate)))
            }
            return list
        }
        host.blkioDeviceReadBps = try throttle("device_read_bps", bytes: true)
        host.blkioDeviceWriteBps = try throttle("device_write_bps", bytes: true)
        host.blkioDeviceReadIOps = try throttle("device_read_iops", bytes: false)
        host.blkioDeviceWriteIOps = try throttle("device_write_iops", bytes: false)
    }
}
