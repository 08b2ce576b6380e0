/// Whether a router Traefik's API shows is the one the labels imply and can serve: present, enabled
/// with no error, the same middlewares, every middleware (through chains) present and enabled, and a
/// load balancer pointing at the container's current address with a server UP (issue 10, item 4).
public enum RouterCheck {
    public static let check = "traefik.router"

    public static func evaluate(expected: ExpectedRouter, service: String, router answer: TraefikAnswer<TraefikRouter>,
                                middlewares: [String: TraefikMiddleware], loadBalancer: TraefikAnswer<TraefikService>?,
                                containerAddress: String?) -> HealthResult {
        let name = expected.name
        let router: TraefikRouter
        switch answer {
        case .found(let r): router = r
        case .notFound(let message):
            return .fail(check, service, "router \(name) is not in Traefik: its container is stopped, unhealthy, starting or not enabled",
                         evidence: ["API 404: \(message)"])
        case .failed(let status, let message):
            return .fail(check, service, "Traefik's API answered \(status) for router \(name)", evidence: [message])
        case .undecodable(let status, let reason):
            return .fail(check, service, "Traefik's API answer for router \(name) could not be read", evidence: ["status \(status): \(reason)"])
        }
        var evidence = ["status \(router.status.rawValue)", "rule \(router.rule)"]
        if router.status != .enabled {
            return .fail(check, service, "router \(name) is \(router.status.rawValue)", evidence: evidence + router.errors)
        }
        if !router.errors.isEmpty {
            return .fail(check, service, "router \(name) has errors", evidence: evidence + router.errors)
        }
        if router.rule != expected.rule {
            return .fail(check, service, "router \(name) has another rule than its labels", evidence: ["expected \(expected.rule)", "Traefik \(router.rule)"])
        }
        if router.qualifiedMiddlewares != expected.middlewares {
            return .fail(check, service, "router \(name) has other middlewares than its labels",
                         evidence: ["expected \(expected.middlewares.joined(separator: ","))", "Traefik \(router.qualifiedMiddlewares.joined(separator: ","))"])
        }
        let chain = MiddlewareChain.expand(router.middlewares, provider: router.provider, middlewares: middlewares)
        if !chain.missing.isEmpty {
            return .fail(check, service, "router \(name) uses middlewares that do not exist",
                         evidence: chain.missing.map { "missing \($0)" })
        }
        if !chain.notEnabled.isEmpty {
            return .fail(check, service, "router \(name) uses middlewares that are not enabled", evidence: chain.notEnabled)
        }
        evidence.append("chain \(chain.applied.joined(separator: " -> "))")
        guard let loadBalancer else { return .pass(check, service, "router \(name) is enabled with its chain", evidence: evidence) }
        switch loadBalancer {
        case .found(let lb):
            if lb.servers.isEmpty || lb.serverStatus.isEmpty {
                return .fail(check, service, "service \(lb.name) has no server: requests get 503", evidence: evidence)
            }
            if let containerAddress, let url = expected.serverURL(address: containerAddress), !lb.servers.contains(url) {
                return .fail(check, service, "service \(lb.name) does not point at the container",
                             evidence: ["expected \(url)", "Traefik \(lb.servers.joined(separator: ","))"])
            }
            let down = lb.servers.filter { lb.serverStatus[$0]?.uppercased() != "UP" }
            if lb.upServers.isEmpty {
                return .fail(check, service, "every server of \(lb.name) is DOWN: requests get 503", evidence: down.map { "DOWN \($0)" })
            }
            evidence.append("servers \(lb.upServers.joined(separator: ",")) UP")
            return .pass(check, service, "router \(name) is enabled with its chain and an UP server", evidence: evidence)
        case .notFound(let message):
            return .fail(check, service, "service \(router.qualifiedService) of router \(name) is not in Traefik", evidence: [message])
        case .failed(let status, let message):
            return .fail(check, service, "Traefik's API answered \(status) for service \(router.qualifiedService)", evidence: [message])
        case .undecodable(let status, let reason):
            return .fail(check, service, "Traefik's API answer for service \(router.qualifiedService) could not be read", evidence: ["status \(status): \(reason)"])
        }
    }
}
