/// posture.host-namespace: no service shares the host's network, PID, IPC, UTS, user or cgroup
/// namespace.
struct PostureHostNamespace: LintRule {
    static let id = "posture.host-namespace"
    static let severity = Severity.error
    static let summary = "A service uses a host namespace (`network_mode: host`, `pid`/`ipc`/`uts`/`userns_mode`/`cgroup: host`)."

    static let keys = ["network_mode", "pid", "ipc", "uts", "userns_mode", "cgroup"]

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services {
            for key in Self.keys where service.node[key]?.scalarText == "host" {
                findings.report(Self.self, .host(key), at: service.location(of: key), service: service.name, subject: key)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func host(_ key: String) -> LintMessage {
        LintMessage("\(key): host shares the host's namespace with the container", hint: "remove \(key): host (publish ports, or use a network)")
    }
}
