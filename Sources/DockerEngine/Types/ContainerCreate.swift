extension Engine {
    /// Body of `POST /containers/create`: the container config at the top level, plus
    /// `HostConfig` and `NetworkingConfig`.
    public struct ContainerCreateRequest: Encodable, Sendable, Equatable {
        public var config: ContainerConfig
        public var hostConfig: HostConfig?
        public var networkingConfig: NetworkingConfig?

        public init(config: ContainerConfig, hostConfig: HostConfig? = nil, networkingConfig: NetworkingConfig? = nil) {
            self.config = config
            self.hostConfig = hostConfig
            self.networkingConfig = networkingConfig
        }

        enum CodingKeys: String, CodingKey { case hostConfig = "HostConfig", networkingConfig = "NetworkingConfig" }

        public func encode(to encoder: any Encoder) throws {
            try config.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(hostConfig, forKey: .hostConfig)
            try container.encodeIfPresent(networkingConfig, forKey: .networkingConfig)
        }
    }

    /// Answer of `POST /containers/create`.
    public struct ContainerCreateResponse: Codable, Sendable, Equatable {
        public var id: String
        public var warnings: [String]?

        enum CodingKeys: String, CodingKey { case id = "Id", warnings = "Warnings" }
    }

    /// Answer of `POST /containers/{id}/wait`.
    public struct ContainerWaitResponse: Codable, Sendable, Equatable {
        public var statusCode: Int
        public var error: WaitError?

        public struct WaitError: Codable, Sendable, Equatable {
            public var message: String?
            enum CodingKeys: String, CodingKey { case message = "Message" }
        }

        enum CodingKeys: String, CodingKey { case statusCode = "StatusCode", error = "Error" }
    }

    /// `condition` of `POST /containers/{id}/wait`.
    public enum WaitCondition: String, Sendable {
        case notRunning = "not-running", nextExit = "next-exit", removed
    }
}
