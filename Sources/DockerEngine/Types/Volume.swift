extension Engine {
    /// `GET /volumes/{name}` and entries of `GET /volumes`.
    public struct Volume: Codable, Sendable, Equatable {
        public var name: String
        public var driver: String?
        public var mountpoint: String?
        public var createdAt: String?
        public var labels: [String: String]?
        public var scope: String?
        public var options: [String: String]?

        enum CodingKeys: String, CodingKey {
            case name = "Name", driver = "Driver", mountpoint = "Mountpoint", createdAt = "CreatedAt"
            case labels = "Labels", scope = "Scope", options = "Options"
        }
    }

    struct VolumeListResponse: Codable, Sendable {
        var volumes: [Volume]?
        var warnings: [String]?

        enum CodingKeys: String, CodingKey { case volumes = "Volumes", warnings = "Warnings" }
    }

    /// Body of `POST /volumes/create`.
    public struct VolumeCreateRequest: Codable, Sendable, Equatable {
        public var name: String
        public var driver: String?
        public var driverOpts: [String: String]?
        public var labels: [String: String]?

        public init(name: String, driver: String? = nil, driverOpts: [String: String]? = nil, labels: [String: String]? = nil) {
            self.name = name
            self.driver = driver
            self.driverOpts = driverOpts
            self.labels = labels
        }

        enum CodingKeys: String, CodingKey { case name = "Name", driver = "Driver", driverOpts = "DriverOpts", labels = "Labels" }
    }
}
