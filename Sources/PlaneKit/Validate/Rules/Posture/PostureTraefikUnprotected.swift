/// posture.traefik-unprotected: with no chain policy in `x-plane.lint` (a project that is not VM300),
/// a Traefik router that names no middleware at all, or `traefik.enable=true` with no router (Traefik's
/// default router has none), is a warning: the route is published with nothing in front of the app.
struct PostureTraefikUnprotected: LintRule {
    static let id = "posture.traefik-unprotected"
    static let severity = Severity.warning
    static let summary = "With no middleware chain configured (`x-plane.lint.required-middlewares`), a Traefik router that names no middleware."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        guard !context.configuration.hasChainPolicy else { return }  // posture.traefik-middleware instead
        for service in context.services {
            let labels = service.labels
            guard PostureTraefikMiddleware.isExposed(labels) else { continue }
            let routers = PostureTraefikMiddleware.routers(labels)
            if routers.isEmpty {
                findings.report(Self.self, .defaultRouter(),
                                at: labels.entry("traefik.enable")?.value.location ?? service.keyLocation, service: service.name)
            }
            for router in routers where PostureTraefikMiddleware.middlewares(of: router, in: labels).isEmpty {
                let key = PostureTraefikMiddleware.prefix + router
                let location = labels[key + ".rule"]?.location
                    ?? labels.entries.first { $0.key.hasPrefix(key + ".") }?.value.location
                findings.report(Self.self, .noMiddleware(router), at: location, service: service.name, subject: router)
            }
        }
    }
}

extension LintMessage {
    fileprivate static func noMiddleware(_ router: String) -> LintMessage {
        LintMessage("router \(router) names no middleware: the app is published with nothing in front of it",
                    hint: "set traefik.http.routers.\(router).middlewares (forward-auth, rate limit...), and name the chains every router must use in x-plane.lint.required-middlewares")
    }

    fileprivate static func defaultRouter() -> LintMessage {
        LintMessage("traefik.enable=true without a router: Traefik's default router has no middleware",
                    hint: "declare a router with traefik.http.routers.NAME.middlewares set")
    }
}
