extension Engine {
    /// One object of the `GET /events` stream.
    public struct Event: Codable, Sendable, Equatable {
        /// `container`, `image`, `network`, `volume`, `daemon`, ...
        public var type: String?
        /// `create`, `start`, `die`, `health_status: healthy`, `connect`, ...
        public var action: String?
        public var actor: Actor?
        public var scope: String?
        /// Seconds since the epoch.
        public var time: Int64?
        public var timeNano: Int64?

        public struct Actor: Codable, Sendable, Equatable {
            public var id: String?
            /// Labels of the object plus `name`, `image`, `exitCode`, ...
            public var attributes: [String: String]?

            enum CodingKeys: String, CodingKey { case id = "ID", attributes = "Attributes" }
        }

        enum CodingKeys: String, CodingKey {
            case type = "Type", action = "Action", actor = "Actor", scope, time, timeNano
        }
    }
}
