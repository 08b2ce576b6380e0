/// An HTTP service as Traefik 3.5.3's API returns it. `serverStatus` is absent when there is no server;
/// a server turns `DOWN` only with a configured health check, and the service's own `status` stays
/// `enabled` even when every server is DOWN: read `serverStatus`, not `status`.
public struct TraefikService: Sendable, Equatable, Decodable {
    public var name: String
    public var provider: String
    /// `loadbalancer`, `weighted`, `mirroring`, `failover`.
    public var type: String
    public var status: TraefikStatus
    public var errors: [String]
    /// Load balancer server URLs, in configured order.
    public var servers: [String]
    /// url -> "UP" | "DOWN"; empty when the API omitted it.
    public var serverStatus: [String: String]
    public var usedBy: [String]

    enum CodingKeys: String, CodingKey { case name, provider, type, status, error, loadBalancer, serverStatus, usedBy }
    struct LoadBalancer: Decodable { var servers: [Server]? }
    struct Server: Decodable { var url: String? }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? TraefikName.split(name).provider ?? ""
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
        status = try c.decodeIfPresent(TraefikStatus.self, forKey: .status) ?? .enabled
        errors = try c.decodeIfPresent([String].self, forKey: .error) ?? []
        servers = (try c.decodeIfPresent(LoadBalancer.self, forKey: .loadBalancer))?.servers?.compactMap(\.url) ?? []
        serverStatus = try c.decodeIfPresent([String: String].self, forKey: .serverStatus) ?? [:]
        usedBy = try c.decodeIfPresent([String].self, forKey: .usedBy) ?? []
        if type.isEmpty, c.contains(.loadBalancer) { type = "loadbalancer" }
    }

    /// Servers the load balancer reports UP.
    public var upServers: [String] { servers.filter { serverStatus[$0]?.uppercased() == "UP" } }
}
