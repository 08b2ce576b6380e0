extension Engine {
    /// One entry of `GET /containers/json`.
    public struct ContainerSummary: Codable, Sendable, Equatable {
        public var id: String
        public var names: [String]?
        public var image: String?
        public var imageID: String?
        public var command: String?
        public var created: Int64?
        public var state: String?
        public var status: String?
        public var labels: [String: String]?
        public var ports: [PortSummary]?
        public var networkSettings: SummaryNetworkSettings?
        public var mounts: [MountPoint]?

        /// The first name without the leading "/".
        public var name: String? { names?.first.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } }

        enum CodingKeys: String, CodingKey {
            case id = "Id", names = "Names", image = "Image", imageID = "ImageID", command = "Command"
            case created = "Created", state = "State", status = "Status", labels = "Labels", ports = "Ports"
            case networkSettings = "NetworkSettings", mounts = "Mounts"
        }
    }

    public struct PortSummary: Codable, Sendable, Equatable {
        public var ip: String?
        public var privatePort: Int
        public var publicPort: Int?
        public var type: String

        enum CodingKeys: String, CodingKey {
            case ip = "IP", privatePort = "PrivatePort", publicPort = "PublicPort", type = "Type"
        }
    }

    public struct SummaryNetworkSettings: Codable, Sendable, Equatable {
        public var networks: [String: EndpointSettings]?

        enum CodingKeys: String, CodingKey { case networks = "Networks" }
    }
}
