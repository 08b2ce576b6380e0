import Foundation

/// What a request through Traefik's entrypoint answered, named by what it means (health-facts.md §1.6,
/// verified on 3.5.3): Traefik's own 404/500/502/503/504 are told apart from the app's answers by
/// their bodies, which Traefik writes itself.
public enum ProxyAnswer: Sendable, Equatable {
    /// The app (or whatever is behind the chain) answered.
    case app(status: Int)
    /// A 3xx from the forward-auth server (the Authentik outpost's `/outpost.goauthentik.io/start`).
    case authRedirect(location: String)
    /// 401 from BasicAuth or the auth server.
    case authChallenge
    /// 403: a CrowdSec ban, or a bouncer failing closed.
    case forbidden
    /// 404 `404 page not found`: no router matches (missing, disabled, container not routed).
    case noRouter
    /// 500 with an empty body: the ForwardAuth address is unreachable (`Internal Server Error` when a
    /// `buffering` middleware sits before the ForwardAuth one, as in the stack's chain-secure; verified).
    case authServerDown
    /// 502 `Bad Gateway`: the backend refused the connection.
    case badGateway
    /// 503 `no available server`: empty load balancer or every server DOWN.
    case noServer
    /// 504 `Gateway Timeout`: the backend was too slow.
    case gatewayTimeout

    /// - Parameters:
    ///   - hasForwardAuth: the router's chain holds a ForwardAuth middleware (a 500 with an empty body is
    ///     then Traefik's, not the app's).
    public static func classify(status: Int, headers: [String: String], body: Data, hasForwardAuth: Bool) -> ProxyAnswer {
        let text = String(decoding: body.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let location = headers.first { $0.key.lowercased() == "location" }?.value
        switch status {
        case 404 where text == "404 page not found": return .noRouter
        case 500 where hasForwardAuth && (body.isEmpty || text == "Internal Server Error"): return .authServerDown
        case 502 where text == "Bad Gateway": return .badGateway
        case 503 where text == "no available server" || text.isEmpty: return .noServer
        case 504 where text == "Gateway Timeout": return .gatewayTimeout
        case 401: return .authChallenge
        case 403: return .forbidden
        case 300..<400 where location?.contains("/outpost.goauthentik.io/") == true:
            return .authRedirect(location: location ?? "")
        default: return .app(status: status)
        }
    }

    /// What a person reads.
    public var meaning: String {
        switch self {
        case .app(let status): return "the app answered \(status)"
        case .authRedirect: return "redirect to sign-in (forward-auth)"
        case .authChallenge: return "401 authentication required"
        case .forbidden: return "403 forbidden (CrowdSec ban or a bouncer failing closed)"
        case .noRouter: return "404: no router for this host (missing, disabled, or its container is not routed)"
        case .authServerDown: return "500: the forward-auth server is unreachable"
        case .badGateway: return "502: the backend refused the connection"
        case .noServer: return "503: no available server"
        case .gatewayTimeout: return "504: the backend did not answer in time"
        }
    }
}

/// The verdict on one route probe: the answer its chain implies.
public enum RouteProbe {
    public static let check = "traefik.route"

    /// A protected router passes on a sign-in redirect or a 401 (proves router + chain, not the app);
    /// a public one on any answer from the app below 500. Everything Traefik answered itself fails,
    /// named by what it means.
    public static func verdict(router: String, service: String?, answer: ProxyAnswer, protected: Bool) -> HealthResult {
        let evidence = ["router \(router)", answer.meaning]
        switch answer {
        case .authRedirect, .authChallenge:
            return protected ? .pass(check, service, "protected by its chain", evidence: evidence)
                : .fail(check, service, "a public route asks for authentication", evidence: evidence)
        case .app(let status) where status < 500:
            return protected ? .fail(check, service, "a protected route reached the app without authentication", evidence: evidence)
                : .pass(check, service, "the app answers through its chain", evidence: evidence)
        case .app(let status):
            return .fail(check, service, "the app answered \(status)", evidence: evidence)
        case .forbidden:
            return .fail(check, service, "refused with 403 for a control address: is the bouncer failing closed?", evidence: evidence)
        case .noRouter, .authServerDown, .badGateway, .noServer, .gatewayTimeout:
            return .fail(check, service, answer.meaning, evidence: evidence)
        }
    }
}
