/// One network a service's container joins, with its endpoint settings.
public struct ServiceNetwork: Sendable, Equatable {
    /// The key in the project's `networks:` (`default`, `back`).
    public var key: String
    /// The engine's name (`vm300_default`, or an external network's own name).
    public var name: String
    /// `aliases:` as written (the container and service names are added at create).
    public var aliases: [String]
    public var ipv4Address: String?
    public var ipv6Address: String?
    public var priority: Int
    /// The service wrote settings for this network (not `back: null` or the list form): compose
    /// then sends an IPAM config, even an empty one.
    public var configured: Bool
    public var macAddress: String?
    public var linkLocalIPs: [String]?
    public var driverOptions: [String: String]?
    /// `gw_priority` (API 1.48+).
    public var gatewayPriority: Int

    public init(
        key: String, name: String, aliases: [String] = [], ipv4Address: String? = nil, ipv6Address: String? = nil, priority: Int = 0,
        configured: Bool = false, macAddress: String? = nil, linkLocalIPs: [String]? = nil, driverOptions: [String: String]? = nil,
        gatewayPriority: Int = 0
    ) {
        self.key = key
        self.name = name
        self.aliases = aliases
        self.ipv4Address = ipv4Address
        self.ipv6Address = ipv6Address
        self.priority = priority
        self.configured = configured
        self.macAddress = macAddress
        self.linkLocalIPs = linkLocalIPs
        self.driverOptions = driverOptions
        self.gatewayPriority = gatewayPriority
    }
}
