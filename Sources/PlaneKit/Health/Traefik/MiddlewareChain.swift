/// A router's middlewares with chains expanded through what the API lists (a chain's members may be
/// chains; unqualified members belong to the chain's provider).
public struct MiddlewareChain: Sendable, Equatable {
    /// Every middleware applied, in order, chains replaced by their members.
    public var applied: [String] = []
    /// Referenced but not in the API (Traefik disables the router: `middleware "x@file" does not exist`).
    public var missing: [String] = []
    /// Present but not enabled, with their errors.
    public var notEnabled: [String] = []
    /// ForwardAuth middlewares among `applied`.
    public var forwardAuth: [String] = []
    /// BasicAuth/DigestAuth middlewares among `applied` (a 401 is their expected answer).
    public var basicAuth: [String] = []

    public static func expand(_ names: [String], provider: String, middlewares: [String: TraefikMiddleware]) -> MiddlewareChain {
        var chain = MiddlewareChain()
        var visiting: Set<String> = []
        func walk(_ name: String, _ provider: String, depth: Int) {
            let qualified = TraefikName.qualified(name, provider: provider)
            guard depth < 16, !visiting.contains(qualified) else { return }
            guard let middleware = middlewares[qualified] else {
                if !chain.missing.contains(qualified) { chain.missing.append(qualified) }
                return
            }
            if middleware.status != .enabled {
                chain.notEnabled.append(([qualified] + middleware.errors).joined(separator: ": "))
            }
            if middleware.type == "chain" {
                visiting.insert(qualified)
                let memberProvider = TraefikName.split(qualified).provider ?? provider
                for member in middleware.chainMembers { walk(member, memberProvider, depth: depth + 1) }
                visiting.remove(qualified)
                return
            }
            chain.applied.append(qualified)
            switch middleware.type {
            case "forwardauth": chain.forwardAuth.append(qualified)
            case "basicauth", "digestauth": chain.basicAuth.append(qualified)
            default: break
            }
        }
        for name in names { walk(name, provider, depth: 0) }
        return chain
    }

    /// The CrowdSec middlewares applied (named like `*crowdsec*`: the plugin or the ForwardAuth bouncer).
    public var crowdSec: [String] { applied.filter { $0.lowercased().contains("crowdsec") } }
    /// Forward-auth that is an authentication server (not the CrowdSec bouncer).
    public var authentication: [String] { forwardAuth.filter { !$0.lowercased().contains("crowdsec") } }
    /// Whether a request without credentials must be refused (redirect or 401) rather than reach the app.
    public var isProtected: Bool { !authentication.isEmpty || !basicAuth.isEmpty }
}
