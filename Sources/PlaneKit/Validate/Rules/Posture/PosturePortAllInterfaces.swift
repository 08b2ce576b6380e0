/// posture.port-all-interfaces: published ports name the address they listen on (`IP:80:80`);
/// without one Docker binds 0.0.0.0 and its iptables rules bypass the host firewall.
struct PosturePortAllInterfaces: LintRule {
    static let id = "posture.port-all-interfaces"
    static let severity = Severity.warning
    static let summary = "A published port has no host address (binds 0.0.0.0, past the host firewall)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services {
            for port in service.node["ports"]?.sequence ?? [] {
                let ip = port["host_ip"]?.scalarText ?? ""
                guard ip.isEmpty || ip == "0.0.0.0" || ip == "::" || ip == "[::]" else { continue }
                let target = port["target"]?.scalarText ?? "?"
                findings.report(Self.self, .anyAddress(target: target), at: port.location ?? service.location(of: "ports"),
                                service: service.name, subject: target)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func anyAddress(target: String) -> LintMessage {
        LintMessage("port \(target) is published on every interface (0.0.0.0)",
                    hint: "bind it to one address: \"${VM300_IP}:PUBLISHED:\(target)\" or 127.0.0.1, or route it through Traefik")
    }
}
