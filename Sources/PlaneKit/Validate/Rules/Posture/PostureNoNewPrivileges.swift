/// posture.no-new-privileges: an exposed service cannot gain privileges through setuid binaries.
struct PostureNoNewPrivileges: LintRule {
    static let id = "posture.no-new-privileges"
    static let severity = Severity.error
    static let summary = "An exposed service lacks `security_opt: [no-new-privileges:true]`."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services where service.isExposed {
            let options = (service.node["security_opt"]?.sequence ?? []).compactMap(\.scalarText)
            let set = options.contains { option in
                ["no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"].contains(option.lowercased())
            }
            guard !set else { continue }
            findings.report(Self.self, .privileges(), at: service.location(of: "security_opt"), service: service.name,
                            subject: "security_opt")
        }
    }
}

extension LintMessage {
    fileprivate static func privileges() -> LintMessage {
        LintMessage("exposed service may gain privileges (setuid binaries)", hint: "add security_opt: [no-new-privileges:true]")
    }
}
