/// posture.healthcheck-dependency: a service others wait on with `condition: service_healthy` has
/// a healthcheck; without one the dependants never start.
struct PostureHealthcheckDependency: LintRule {
    static let id = "posture.healthcheck-dependency"
    static let severity = Severity.error
    static let summary = "A service waited on with `condition: service_healthy` has no healthcheck (or disables it)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        let project = context.project
        for service in context.services {
            for dependency in service.node["depends_on"]?.mapping?.entries ?? [] {
                guard dependency.value["condition"]?.scalarText == "service_healthy" else { continue }
                guard let target = project.services[dependency.key] ?? (context.serviceNames.contains(dependency.key)
                    ? project.disabledServices[dependency.key] : nil) else { continue }
                guard !Self.hasHealthcheck(target) else { continue }
                findings.report(Self.self, .noHealthcheck(dependency.key), at: dependency.keyLocation ?? dependency.value.location,
                                service: service.name, subject: dependency.key)
            }
        }
    }

    static func hasHealthcheck(_ service: Node) -> Bool {
        guard let healthcheck = service["healthcheck"] else { return false }
        if healthcheck["disable"]?.bool == true { return false }
        guard let test = healthcheck["test"] else { return false }
        if let words = test.sequence { return !words.isEmpty && words.first?.scalarText != "NONE" }
        return test.scalarText.map { !$0.isEmpty && $0 != "NONE" } ?? false
    }
}

extension LintMessage {
    fileprivate static func noHealthcheck(_ dependency: String) -> LintMessage {
        LintMessage("waits for \(dependency) to be healthy, but \(dependency) has no healthcheck",
                    hint: "give \(dependency) a healthcheck, or wait with condition: service_started")
    }
}
