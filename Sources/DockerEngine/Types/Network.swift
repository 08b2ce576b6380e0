extension Engine {
    /// `GET /networks` entries and `GET /networks/{id}`.
    public struct Network: Codable, Sendable, Equatable {
        public var name: String
        public var id: String
        public var created: String?
        public var scope: String?
        public var driver: String?
        public var enableIPv6: Bool?
        public var ipam: IPAM?
        public var isInternal: Bool?
        public var attachable: Bool?
        /// Attached containers by id (inspect only; the list leaves it empty).
        public var containers: [String: NetworkContainer]?
        public var options: [String: String]?
        public var labels: [String: String]?

        enum CodingKeys: String, CodingKey {
            case name = "Name", id = "Id", created = "Created", scope = "Scope", driver = "Driver"
            case enableIPv6 = "EnableIPv6", ipam = "IPAM", isInternal = "Internal", attachable = "Attachable"
            case containers = "Containers", options = "Options", labels = "Labels"
        }
    }

    public struct IPAM: Codable, Sendable, Equatable {
        public var driver: String?
        public var config: [IPAMPool]?
        public var options: [String: String]?

        public init(driver: String? = nil, config: [IPAMPool]? = nil) {
            self.driver = driver
            self.config = config
        }

        enum CodingKeys: String, CodingKey { case driver = "Driver", config = "Config", options = "Options" }
    }

    public struct IPAMPool: Codable, Sendable, Equatable {
        public var subnet: String?
        public var ipRange: String?
        public var gateway: String?

        public init(subnet: String? = nil, ipRange: String? = nil, gateway: String? = nil) {
            self.subnet = subnet
            self.ipRange = ipRange
            self.gateway = gateway
        }

        enum CodingKeys: String, CodingKey { case subnet = "Subnet", ipRange = "IPRange", gateway = "Gateway" }
    }

    public struct NetworkContainer: Codable, Sendable, Equatable {
        public var name: String?
        public var endpointID: String?
        public var macAddress: String?
        public var ipv4Address: String?
        public var ipv6Address: String?

        enum CodingKeys: String, CodingKey {
            case name = "Name", endpointID = "EndpointID", macAddress = "MacAddress"
            case ipv4Address = "IPv4Address", ipv6Address = "IPv6Address"
        }
    }

    /// Body of `POST /networks/create`. `CheckDuplicate` is always sent as true: Docker 20.10
    /// otherwise creates a second network with the same name.
    public struct NetworkCreateRequest: Encodable, Sendable, Equatable {
        public var name: String
        public var driver: String?
        public var isInternal: Bool?
        public var attachable: Bool?
        public var enableIPv6: Bool?
        public var ipam: IPAM?
        public var options: [String: String]?
        public var labels: [String: String]?

        public init(name: String, driver: String? = "bridge", labels: [String: String]? = nil) {
            self.name = name
            self.driver = driver
            self.labels = labels
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", checkDuplicate = "CheckDuplicate", driver = "Driver", isInternal = "Internal"
            case attachable = "Attachable", enableIPv6 = "EnableIPv6", ipam = "IPAM", options = "Options"
            case labels = "Labels"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(true, forKey: .checkDuplicate)
            try container.encodeIfPresent(driver, forKey: .driver)
            try container.encodeIfPresent(isInternal, forKey: .isInternal)
            try container.encodeIfPresent(attachable, forKey: .attachable)
            try container.encodeIfPresent(enableIPv6, forKey: .enableIPv6)
            try container.encodeIfPresent(ipam, forKey: .ipam)
            try container.encodeIfPresent(options, forKey: .options)
            try container.encodeIfPresent(labels, forKey: .labels)
        }
    }

    /// Answer of `POST /networks/create`.
    public struct NetworkCreateResponse: Codable, Sendable, Equatable {
        public var id: String
        public var warning: String?

        enum CodingKeys: String, CodingKey { case id = "Id", warning = "Warning" }
    }

    struct NetworkConnectRequest: Encodable, Sendable {
        var container: String
        var endpointConfig: EndpointSettings?

        enum CodingKeys: String, CodingKey { case container = "Container", endpointConfig = "EndpointConfig" }
    }

    struct NetworkDisconnectRequest: Encodable, Sendable {
        var container: String
        var force: Bool

        enum CodingKeys: String, CodingKey { case container = "Container", force = "Force" }
    }
}
