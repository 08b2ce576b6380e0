/// An HTTP router as Traefik 3.5.3's API returns it (`/api/http/routers[/{name}]`, or a `rawdata`
/// entry, which has no `name`/`provider`: the map key is the name). Empty fields are omitted by the API.
public struct TraefikRouter: Sendable, Equatable, Decodable {
    public var name: String
    public var provider: String
    public var rule: String
    /// As configured: often unqualified (`"sonarr"`); see `qualifiedService`.
    public var service: String
    /// Qualified with the router's provider in real runs (`chain-secure@file`); see `qualifiedMiddlewares`.
    public var middlewares: [String]
    public var entryPoints: [String]
    /// The entrypoints actually in use (valid ones), sorted.
    public var using: [String]
    public var status: TraefikStatus
    public var errors: [String]
    public var priority: Int64?
    public var hasTLS: Bool

    enum CodingKeys: String, CodingKey {
        case name, provider, rule, service, middlewares, entryPoints, using, status, error, priority, tls
    }

    public init(name: String, provider: String, rule: String, service: String, middlewares: [String] = [],
                entryPoints: [String] = [], using: [String] = [], status: TraefikStatus = .enabled,
                errors: [String] = [], priority: Int64? = nil, hasTLS: Bool = false) {
        self.name = name
        self.provider = provider
        self.rule = rule
        self.service = service
        self.middlewares = middlewares
        self.entryPoints = entryPoints
        self.using = using
        self.status = status
        self.errors = errors
        self.priority = priority
        self.hasTLS = hasTLS
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? TraefikName.split(name).provider ?? ""
        rule = try c.decodeIfPresent(String.self, forKey: .rule) ?? ""
        service = try c.decodeIfPresent(String.self, forKey: .service) ?? ""
        middlewares = try c.decodeIfPresent([String].self, forKey: .middlewares) ?? []
        entryPoints = try c.decodeIfPresent([String].self, forKey: .entryPoints) ?? []
        using = try c.decodeIfPresent([String].self, forKey: .using) ?? []
        status = try c.decodeIfPresent(TraefikStatus.self, forKey: .status) ?? .enabled
        errors = try c.decodeIfPresent([String].self, forKey: .error) ?? []
        priority = try c.decodeIfPresent(Int64.self, forKey: .priority)
        hasTLS = c.contains(.tls)
    }

    public var qualifiedService: String { TraefikName.qualified(service, provider: provider) }
    public var qualifiedMiddlewares: [String] { middlewares.map { TraefikName.qualified($0, provider: provider) } }
}
