extension Engine {
    /// `GET /version`.
    public struct SystemVersion: Codable, Sendable, Equatable {
        public var version: String?
        public var apiVersion: String?
        public var minAPIVersion: String?
        public var gitCommit: String?
        public var goVersion: String?
        public var os: String?
        public var arch: String?
        public var kernelVersion: String?

        enum CodingKeys: String, CodingKey {
            case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion"
            case gitCommit = "GitCommit", goVersion = "GoVersion", os = "Os", arch = "Arch"
            case kernelVersion = "KernelVersion"
        }
    }

    /// `GET /_ping`: the headers the engine sends with "OK".
    public struct PingResult: Sendable, Equatable {
        public var apiVersion: String?
        public var osType: String?
        public var experimental: Bool
        public var builderVersion: String?
    }
}
