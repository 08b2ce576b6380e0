/// posture.privileged: no service runs privileged (every device, every capability, no confinement).
struct PosturePrivileged: LintRule {
    static let id = "posture.privileged"
    static let severity = Severity.error
    static let summary = "A service sets `privileged: true`."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services where service.node["privileged"]?.bool == true {
            findings.report(Self.self, .privileged(), at: service.location(of: "privileged"), service: service.name, subject: "privileged")
        }
    }
}

extension LintMessage {
    fileprivate static func privileged() -> LintMessage {
        LintMessage("runs privileged: full access to the host", hint: "remove privileged: true; add the one device or capability it needs")
    }
}
