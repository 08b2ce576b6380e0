/// posture.docker-socket: only the socket proxy mounts the Docker socket, and read-only. Whoever
/// reaches the socket is root on the host.
struct PostureDockerSocket: LintRule {
    static let id = "posture.docker-socket"
    static let severity = Severity.error
    static let summary = "A service other than the socket proxy (`x-plane.lint.socket-proxy`) mounts the Docker socket, or the proxy mounts it writable."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services {
            for volume in service.node["volumes"]?.sequence ?? [] {
                let source = volume["source"]?.scalarText ?? "", target = volume["target"]?.scalarText ?? ""
                guard Self.isSocket(source) || Self.isSocket(target) else { continue }
                let proxy = context.configuration.socketProxies.contains(service.name)
                if proxy && volume["read_only"]?.bool == true { continue }
                findings.report(Self.self, proxy ? .writable() : .mounted(proxies: context.configuration.socketProxies),
                                at: volume.location ?? service.keyLocation, service: service.name, subject: target)
            }
        }
    }

    static func isSocket(_ path: String) -> Bool {
        path == "docker.sock" || path.hasSuffix("/docker.sock")
    }
}

extension LintMessage {
    fileprivate static func mounted(proxies: [String]) -> LintMessage {
        guard let proxy = proxies.first else {
            return LintMessage("mounts the Docker socket: root on the host for anyone inside",
                               hint: "reach the engine through a socket proxy that filters the API, and list that proxy service in x-plane.lint.socket-proxy")
        }
        return LintMessage("mounts the Docker socket: root on the host for anyone inside",
                           hint: "talk to \(proxy) over its network instead (DOCKER_HOST=tcp://\(proxy):2375)")
    }

    fileprivate static func writable() -> LintMessage {
        LintMessage("the socket proxy mounts the Docker socket writable", hint: "mount it with :ro")
    }
}
