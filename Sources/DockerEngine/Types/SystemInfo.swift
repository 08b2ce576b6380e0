extension Engine {
    /// `GET /info` (the fields plane reads; the engine sends many more).
    public struct SystemInfo: Codable, Sendable, Equatable {
        public var id: String?
        public var name: String?
        public var serverVersion: String?
        public var containers: Int?
        public var containersRunning: Int?
        public var containersPaused: Int?
        public var containersStopped: Int?
        public var images: Int?
        public var driver: String?
        public var dockerRootDir: String?
        public var operatingSystem: String?
        public var osType: String?
        public var architecture: String?
        public var ncpu: Int?
        public var memTotal: Int64?
        public var cgroupDriver: String?
        public var cgroupVersion: String?
        public var securityOptions: [String]?
        public var labels: [String]?

        enum CodingKeys: String, CodingKey {
            case id = "ID", name = "Name", serverVersion = "ServerVersion", containers = "Containers"
            case containersRunning = "ContainersRunning", containersPaused = "ContainersPaused"
            case containersStopped = "ContainersStopped", images = "Images", driver = "Driver"
            case dockerRootDir = "DockerRootDir", operatingSystem = "OperatingSystem", osType = "OSType"
            case architecture = "Architecture", ncpu = "NCPU", memTotal = "MemTotal"
            case cgroupDriver = "CgroupDriver", cgroupVersion = "CgroupVersion"
            case securityOptions = "SecurityOptions", labels = "Labels"
        }
    }
}
