extension Engine {
    /// `NetworkingConfig` of `POST /containers/create`.
    public struct NetworkingConfig: Codable, Sendable, Equatable {
        /// Network name or id to endpoint settings. One entry below API 1.44.
        public var endpointsConfig: [String: EndpointSettings]

        public init(endpointsConfig: [String: EndpointSettings]) { self.endpointsConfig = endpointsConfig }

        /// One network with optional DNS aliases.
        public static func network(_ name: String, aliases: [String]? = nil) -> NetworkingConfig {
            NetworkingConfig(endpointsConfig: [name: EndpointSettings(aliases: aliases)])
        }

        enum CodingKeys: String, CodingKey { case endpointsConfig = "EndpointsConfig" }
    }

    /// One container's attachment to one network (create, connect, inspect).
    public struct EndpointSettings: Codable, Sendable, Equatable {
        public var ipamConfig: IPAMConfig?
        public var links: [String]?
        public var aliases: [String]?
        public var networkID: String?
        public var endpointID: String?
        public var gateway: String?
        public var ipAddress: String?
        public var ipPrefixLen: Int?
        public var macAddress: String?
        public var driverOpts: [String: String]?
        /// API 1.44+: the names the container answers to on this network.
        public var dnsNames: [String]?
        /// compose sends the IPv6 address here too (IPv6Gateway).
        public var ipv6Gateway: String?
        /// API 1.48+: the default gateway's priority among the container's networks.
        public var gwPriority: Int?

        public init(aliases: [String]? = nil, ipamConfig: IPAMConfig? = nil) {
            self.aliases = aliases
            self.ipamConfig = ipamConfig
        }

        public struct IPAMConfig: Codable, Sendable, Equatable {
            public var ipv4Address: String?
            public var ipv6Address: String?
            public var linkLocalIPs: [String]?
            public init(ipv4Address: String? = nil, ipv6Address: String? = nil, linkLocalIPs: [String]? = nil) {
                self.ipv4Address = ipv4Address
                self.ipv6Address = ipv6Address
                self.linkLocalIPs = linkLocalIPs
            }
            enum CodingKeys: String, CodingKey {
                case ipv4Address = "IPv4Address", ipv6Address = "IPv6Address", linkLocalIPs = "LinkLocalIPs"
            }
        }

        enum CodingKeys: String, CodingKey {
            case ipamConfig = "IPAMConfig", links = "Links", aliases = "Aliases", networkID = "NetworkID"
            case endpointID = "EndpointID", gateway = "Gateway", ipAddress = "IPAddress"
            case ipPrefixLen = "IPPrefixLen", macAddress = "MacAddress", driverOpts = "DriverOpts"
            case dnsNames = "DNSNames", ipv6Gateway = "IPv6Gateway", gwPriority = "GwPriority"
        }
    }
}
