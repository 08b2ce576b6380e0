import DockerEngine

/// compose's ToMobyHealthCheck: durations in nanoseconds, `disable` as `["NONE"]`, and
/// `start_interval` only where the Engine knows it (API 1.44+) and with `start_period`.
extension ContainerCreateMapping {
    func healthcheck(_ node: Node, values: Values) throws(PlanError) -> Engine.HealthConfig? {
        if node.isNull { return nil }
        guard node.mapping != nil else { throw values.invalid("healthcheck", node, expected: "a mapping") }
        var health = Engine.HealthConfig(test: nil)
        health.test = try node["test"].flatMap { n throws(PlanError) in try values.strings(n, "healthcheck.test") }
        if try node["disable"].flatMap({ n throws(PlanError) in try values.bool(n, "healthcheck.disable") }) == true {
            health.test = ["NONE"]
        }
        func nanoseconds(_ key: String) throws(PlanError) -> Int64? {
            guard let value = node[key], !value.isNull else { return nil }
            return try values.duration(value, "healthcheck.\(key)")
        }
        health.interval = try nanoseconds("interval")
        health.timeout = try nanoseconds("timeout")
        health.startPeriod = try nanoseconds("start_period")
        if let interval = try nanoseconds("start_interval") {
            guard multipleNetworksAtCreate else {
                throw values.refused("healthcheck.start_interval", node["start_interval"],
                                     because: "needs Docker Engine v25 (API 1.44) or later (compose refuses it too)")
            }
            guard health.startPeriod != nil else {
                throw values.refused("healthcheck.start_interval", node["start_interval"], because: "requires healthcheck.start_period to be set (compose refuses it too)")
            }
            health.startInterval = interval
        }
        health.retries = try node["retries"].flatMap { n throws(PlanError) in try values.int(n, "healthcheck.retries") }
        return health
    }
}
