/// posture.traefik-middleware: every Traefik router of a service references the middleware chain
/// the stack requires (`x-plane.lint.required-middlewares`: CrowdSec, rate limit, forward-auth,
/// headers); a public chain (no forward-auth) only on public path routers.
struct PostureTraefikMiddleware: LintRule {
    static let id = "posture.traefik-middleware"
    static let severity = Severity.error
    static let summary = "A Traefik router does not reference a required middleware chain, or uses a public chain off a public path."

    static let prefix = "traefik.http.routers."

    /// `traefik.enable=true` on the service.
    static func isExposed(_ labels: Mapping) -> Bool {
        labels["traefik.enable"]?.scalarText?.lowercased() == "true"
    }

    /// The HTTP routers the labels declare, in label order.
    static func routers(_ labels: Mapping) -> [String] {
        var routers: [String] = []
        for entry in labels.entries where entry.key.hasPrefix(prefix) {
            let rest = entry.key.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: ".") else { continue }
            let router = String(rest[..<dot])
            if !routers.contains(router) { routers.append(router) }
        }
        return routers
    }

    /// The middlewares a router's label names.
    static func middlewares(of router: String, in labels: Mapping) -> [String] {
        (labels[prefix + router + ".middlewares"]?.scalarText ?? "").split(separator: ",")
            .map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        let configuration = context.configuration
        guard configuration.hasChainPolicy else { return }  // posture.traefik-unprotected instead
        for service in context.services {
            let labels = service.labels
            guard Self.isExposed(labels) else { continue }
            let routers = Self.routers(labels)
            if routers.isEmpty {
                findings.report(Self.self, .defaultRouter(configuration.requiredMiddlewares),
                                at: labels.entry("traefik.enable")?.value.location ?? service.keyLocation, service: service.name)
                continue
            }
            for router in routers {
                let key = Self.prefix + router
                let middlewares = labels[key + ".middlewares"]
                let names = Self.middlewares(of: router, in: labels)
                let location = middlewares?.location ?? labels[key + ".rule"]?.location
                    ?? labels.entries.first { $0.key.hasPrefix(key + ".") }?.value.location
                let rule = labels[key + ".rule"]?.scalarText ?? ""
                let publicAllowed = configuration.publicRouters.map { $0.contains(router) }
                    ?? (rule.contains("Path(") || rule.contains("PathPrefix(") || rule.contains("PathRegexp("))
                let usesRequired = names.contains { configuration.requiredMiddlewares.contains($0) }
                let usesPublic = names.contains { configuration.publicMiddlewares.contains($0) }
                if usesPublic && !publicAllowed {
                    findings.report(Self.self, .publicOffPath(router, chains: configuration.publicMiddlewares,
                                                              configured: configuration.publicRouters != nil),
                                    at: location, service: service.name, subject: router)
                } else if !usesRequired && !usesPublic {
                    findings.report(Self.self, .missingChain(router, required: configuration.requiredMiddlewares),
                                    at: location, service: service.name, subject: router)
                }
            }
        }
    }
}

extension LintMessage {
    fileprivate static func missingChain(_ router: String, required: [String]) -> LintMessage {
        LintMessage("router \(router) does not reference a required middleware chain",
                    hint: "set traefik.http.routers.\(router).middlewares to one of \(required.joined(separator: ", "))")
    }

    fileprivate static func publicOffPath(_ router: String, chains: [String], configured: Bool) -> LintMessage {
        LintMessage("router \(router) uses a public chain (\(chains.joined(separator: ", "))) without forward-auth",
                    hint: configured ? "use a secure chain, or list \(router) in x-plane.lint.public-routers with the reason"
                        : "use a secure chain; public chains are for Path/PathPrefix routers (or list it in x-plane.lint.public-routers)")
    }

    fileprivate static func defaultRouter(_ required: [String]) -> LintMessage {
        LintMessage("traefik.enable=true without a router: Traefik's default router has no middleware",
                    hint: "declare a router with traefik.http.routers.NAME.middlewares set to one of \(required.joined(separator: ", "))")
    }
}
