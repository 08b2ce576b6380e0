import Foundation

/// A router Traefik's docker provider will create for a compose service, derived from the service's
/// labels the way Traefik 3.5.3 does it (health-facts.md §1.5), so `plane health` knows which API
/// names to ask for before asking.
public struct ExpectedRouter: Sendable, Equatable {
    /// Qualified: `sonarr@docker` for a labelled router, `Normalize(service_project)@docker` for the default one.
    public var name: String
    public var rule: String
    /// Qualified (`sonarr@docker`).
    public var service: String
    /// Qualified, in label order (`chain-secure-stream@file`).
    public var middlewares: [String]
    /// Empty: every entrypoint (Traefik's default).
    public var entryPoints: [String]
    public var tls: Bool
    public var priority: Int
    /// Whether no router label named it (Traefik's default router).
    public var isDefault: Bool
    /// `loadbalancer.server.port` / `.scheme` of its service, when labelled.
    public var serverPort: Int?
    public var serverScheme: String

    /// The hosts of the rule's `Host(...)` matchers, for probes (Host header and SNI).
    public var hosts: [String] { TraefikRule.arguments(of: "Host", in: rule) }
    /// The first `PathPrefix`/`Path` of the rule, for probes ("/" when none).
    public var probePath: String {
        (TraefikRule.arguments(of: "PathPrefix", in: rule) + TraefikRule.arguments(of: "Path", in: rule)).first ?? "/"
    }

    /// The URL the load balancer must point at for a container at `address`.
    public func serverURL(address: String) -> String? {
        serverPort.map { "\(serverScheme)://\(address):\($0)" }
    }
}

/// Derivation of the docker provider's routers from labels.
public enum DockerRouters {
    public struct Derivation: Sendable, Equatable {
        public var routers: [ExpectedRouter]
        /// Why a router Traefik would drop is missing (logged by Traefik only), or why there are none.
        public var notes: [String]
    }

    /// - Parameters:
    ///   - exposedByDefault: the provider's setting (the stack: false, so `traefik.enable=true` is required).
    public static func derive(project: String, service: String, labels: [String: String],
                              exposedByDefault: Bool = false) -> Derivation {
        let enable = labels.first { $0.key.lowercased() == "traefik.enable" }?.value.lowercased()
        if enable == "false" || (!exposedByDefault && enable != "true") {
            return Derivation(routers: [], notes: ["not exposed: traefik.enable is not true"])
        }
        let baseName = TraefikName.normalize(service + "_" + project)
        let keys = labels.keys.sorted()
        func names(_ prefix: String) -> [String] {
            var seen: [String] = []
            for key in keys where key.lowercased().hasPrefix(prefix) {
                let rest = key.dropFirst(prefix.count)
                guard let dot = rest.firstIndex(of: "."), dot > rest.startIndex else { continue }
                let name = String(rest[..<dot])
                if !seen.contains(name) { seen.append(name) }
            }
            return seen
        }
        func label(_ key: String) -> String? {
            labels[key] ?? labels.first { $0.key.lowercased() == key.lowercased() }?.value
        }
        let hasHTTP = keys.contains { $0.lowercased().hasPrefix("traefik.http.") }
        let hasOther = keys.contains { $0.lowercased().hasPrefix("traefik.tcp.") || $0.lowercased().hasPrefix("traefik.udp.") }
        if !hasHTTP && hasOther {
            return Derivation(routers: [], notes: ["TCP/UDP labels only: no HTTP router"])
        }
        let declaredServices = names("traefik.http.services.")
        let services = declaredServices.isEmpty ? [baseName] : declaredServices
        var routerNames = names("traefik.http.routers.")
        var notes: [String] = []
        let isDefault = routerNames.isEmpty
        if isDefault {
            guard services.count == 1 else {
                return Derivation(routers: [], notes: ["no router label and \(services.count) services: Traefik creates no default router"])
            }
            routerNames = [baseName]
        }
        var routers: [ExpectedRouter] = []
        for name in routerNames {
            let prefix = "traefik.http.routers.\(name)."
            let serviceName: String
            if let named = label(prefix + "service") {
                serviceName = named
            } else if services.count == 1 {
                serviceName = services[0]
            } else {
                notes.append("router \(name): no service label and \(services.count) services: Traefik drops it")
                continue
            }
            let rule = label(prefix + "rule") ?? "Host(`\(baseName)`)"
            let list = { (key: String) in
                (label(prefix + key) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let tls = label(prefix + "tls")?.lowercased() == "true"
                || keys.contains { $0.lowercased().hasPrefix((prefix + "tls.").lowercased()) }
            let bare = TraefikName.split(serviceName).name
            let servicePrefix = "traefik.http.services.\(bare).loadbalancer.server."
            routers.append(ExpectedRouter(
                name: TraefikName.qualified(name, provider: "docker"), rule: rule,
                service: TraefikName.qualified(serviceName, provider: "docker"),
                middlewares: list("middlewares").map { TraefikName.qualified($0, provider: "docker") },
                entryPoints: list("entrypoints"), tls: tls,
                priority: label(prefix + "priority").flatMap { Int($0) } ?? rule.utf8.count,
                isDefault: isDefault,
                serverPort: label(servicePrefix + "port").flatMap { Int($0) },
                serverScheme: label(servicePrefix + "scheme") ?? "http"))
        }
        return Derivation(routers: routers, notes: notes)
    }
}

/// Reading matcher arguments out of a Traefik v3 rule (``Host(`a.test`) && PathPrefix(`/x`)``).
public enum TraefikRule {
    public static func arguments(of matcher: String, in rule: String) -> [String] {
        var found: [String] = []
        var rest = Substring(rule)
        while let open = rest.range(of: matcher + "(") {
            // a longer matcher name (HostRegexp) is not this one
            let before = rest[..<open.lowerBound].last
            rest = rest[open.upperBound...]
            guard before.map({ !($0.isLetter || $0.isNumber) }) ?? true,
                  let close = rest.firstIndex(of: ")") else { continue }
            for part in rest[..<close].split(separator: ",") {
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                let quotes: Set<Character> = ["`", "\"", "'"]
                if let first = trimmed.first, let last = trimmed.last, quotes.contains(first), first == last, trimmed.count >= 2 {
                    found.append(String(trimmed.dropFirst().dropLast()))
                }
            }
            rest = rest[close...]
        }
        return found
    }
}
