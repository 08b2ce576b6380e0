/// An HTTP middleware as Traefik 3.5.3's API returns it: one key named after its kind (`forwardAuth`,
/// `chain`, `rateLimit`, `plugin`...), plus `status`, `error`, `usedBy`, `name`, `provider`, `type`.
public struct TraefikMiddleware: Sendable, Equatable, Decodable {
    public var name: String
    public var provider: String
    /// The lower-cased kind (`forwardauth`, `chain`); for a plugin, the plugin's name.
    public var type: String
    public var status: TraefikStatus
    public var errors: [String]
    /// A chain's members as configured (unqualified ones belong to the chain's provider).
    public var chainMembers: [String]
    /// A ForwardAuth middleware's address.
    public var forwardAuthAddress: String?
    public var usedBy: [String]

    enum CodingKeys: String, CodingKey { case name, provider, type, status, error, chain, forwardAuth, usedBy }
    struct Chain: Decodable { var middlewares: [String]? }
    struct ForwardAuth: Decodable { var address: String? }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? TraefikName.split(name).provider ?? ""
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
        status = try c.decodeIfPresent(TraefikStatus.self, forKey: .status) ?? .enabled
        errors = try c.decodeIfPresent([String].self, forKey: .error) ?? []
        chainMembers = (try c.decodeIfPresent(Chain.self, forKey: .chain))?.middlewares ?? []
        forwardAuthAddress = (try c.decodeIfPresent(ForwardAuth.self, forKey: .forwardAuth))?.address
        usedBy = try c.decodeIfPresent([String].self, forKey: .usedBy) ?? []
        if type.isEmpty {
            if c.contains(.chain) { type = "chain" } else if c.contains(.forwardAuth) { type = "forwardauth" }
        }
    }

    public init(name: String, provider: String, type: String, status: TraefikStatus = .enabled, errors: [String] = [],
                chainMembers: [String] = [], forwardAuthAddress: String? = nil, usedBy: [String] = []) {
        self.name = name
        self.provider = provider
        self.type = type
        self.status = status
        self.errors = errors
        self.chainMembers = chainMembers
        self.forwardAuthAddress = forwardAuthAddress
        self.usedBy = usedBy
    }

    public var qualifiedChainMembers: [String] { chainMembers.map { TraefikName.qualified($0, provider: provider) } }
}
