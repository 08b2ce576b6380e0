/// posture.read-only: an exposed service (Traefik-routed or publishing a port) runs on a
/// read-only root filesystem (the spec's "Sécurité": `read_only`, writable state in tmpfs/volumes).
struct PostureReadOnly: LintRule {
    static let id = "posture.read-only"
    static let severity = Severity.error
    static let summary = "An exposed service (`traefik.enable=true` or published ports) has no `read_only: true`."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services where service.isExposed && service.node["read_only"]?.bool != true {
            findings.report(Self.self, .writable(), at: service.location(of: "read_only"), service: service.name, subject: "read_only")
        }
    }
}

extension LintMessage {
    fileprivate static func writable() -> LintMessage {
        LintMessage("exposed service without a read-only root filesystem",
                    hint: "set read_only: true (extend compose/hardening.yaml's hardened base) and mount tmpfs where it writes")
    }
}
