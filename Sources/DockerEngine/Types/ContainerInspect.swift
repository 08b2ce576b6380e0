extension Engine {
    /// `GET /containers/{id}/json` (the fields plane reads).
    public struct ContainerInspect: Codable, Sendable, Equatable {
        public var id: String
        /// With the leading "/".
        public var name: String?
        public var created: String?
        public var path: String?
        public var args: [String]?
        public var state: ContainerState?
        /// The image id (sha256:...).
        public var image: String?
        public var restartCount: Int?
        public var config: ContainerConfig?
        public var hostConfig: HostConfig?
        public var networkSettings: NetworkSettings?
        public var mounts: [MountPoint]?

        enum CodingKeys: String, CodingKey {
            case id = "Id", name = "Name", created = "Created", path = "Path", args = "Args", state = "State"
            case image = "Image", restartCount = "RestartCount", config = "Config", hostConfig = "HostConfig"
            case networkSettings = "NetworkSettings", mounts = "Mounts"
        }
    }

    public struct ContainerState: Codable, Sendable, Equatable {
        /// `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
        public var status: String?
        public var running: Bool?
        public var paused: Bool?
        public var restarting: Bool?
        public var oomKilled: Bool?
        public var dead: Bool?
        public var pid: Int?
        public var exitCode: Int?
        public var error: String?
        public var startedAt: String?
        public var finishedAt: String?
        /// Absent when the container has no healthcheck.
        public var health: Health?

        enum CodingKeys: String, CodingKey {
            case status = "Status", running = "Running", paused = "Paused", restarting = "Restarting"
            case oomKilled = "OOMKilled", dead = "Dead", pid = "Pid", exitCode = "ExitCode", error = "Error"
            case startedAt = "StartedAt", finishedAt = "FinishedAt", health = "Health"
        }
    }

    public struct Health: Codable, Sendable, Equatable {
        /// `starting`, `healthy`, `unhealthy` (or `none`).
        public var status: String
        public var failingStreak: Int?
        public var log: [HealthcheckResult]?

        enum CodingKeys: String, CodingKey { case status = "Status", failingStreak = "FailingStreak", log = "Log" }
    }

    public struct HealthcheckResult: Codable, Sendable, Equatable {
        public var start: String?
        public var end: String?
        public var exitCode: Int?
        public var output: String?

        enum CodingKeys: String, CodingKey { case start = "Start", end = "End", exitCode = "ExitCode", output = "Output" }
    }

    public struct NetworkSettings: Codable, Sendable, Equatable {
        public var networks: [String: EndpointSettings]?
        /// `port/proto` to bindings (null entries for exposed-only ports).
        public var ports: [String: [PortBinding]?]?

        enum CodingKeys: String, CodingKey { case networks = "Networks", ports = "Ports" }
    }

    public struct MountPoint: Codable, Sendable, Equatable {
        public var type: String?
        public var name: String?
        public var source: String?
        public var destination: String?
        public var driver: String?
        public var mode: String?
        public var rw: Bool?

        enum CodingKeys: String, CodingKey {
            case type = "Type", name = "Name", source = "Source", destination = "Destination", driver = "Driver"
            case mode = "Mode", rw = "RW"
        }
    }
}
