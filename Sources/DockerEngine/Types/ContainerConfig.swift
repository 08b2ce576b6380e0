extension Engine {
    /// The container configuration: the top level of `POST /containers/create` and `Config` of
    /// `GET /containers/{id}/json`.
    public struct ContainerConfig: Codable, Sendable, Equatable {
        public var hostname: String?
        public var domainname: String?
        public var user: String?
        public var attachStdin: Bool?
        public var attachStdout: Bool?
        public var attachStderr: Bool?
        /// Keys are `port/proto` ("8080/tcp"); the values are always empty objects.
        public var exposedPorts: [String: EmptyObject]?
        public var tty: Bool?
        public var openStdin: Bool?
        /// `KEY=value` entries.
        public var env: [String]?
        public var cmd: [String]?
        public var healthcheck: HealthConfig?
        public var image: String?
        public var volumes: [String: EmptyObject]?
        public var workingDir: String?
        public var entrypoint: [String]?
        public var labels: [String: String]?
        public var stopSignal: String?
        /// Seconds.
        public var stopTimeout: Int?
        /// Below API 1.44 the container-wide MAC address (later: per endpoint).
        public var macAddress: String?
        /// `network_mode: disabled`.
        public var networkDisabled: Bool?

        public init(image: String? = nil, cmd: [String]? = nil, labels: [String: String]? = nil) {
            self.image = image
            self.cmd = cmd
            self.labels = labels
        }

        enum CodingKeys: String, CodingKey {
            case hostname = "Hostname", domainname = "Domainname", user = "User"
            case attachStdin = "AttachStdin", attachStdout = "AttachStdout", attachStderr = "AttachStderr"
            case exposedPorts = "ExposedPorts", tty = "Tty", openStdin = "OpenStdin", env = "Env", cmd = "Cmd"
            case healthcheck = "Healthcheck", image = "Image", volumes = "Volumes", workingDir = "WorkingDir"
            case entrypoint = "Entrypoint", labels = "Labels", stopSignal = "StopSignal", stopTimeout = "StopTimeout"
            case macAddress = "MacAddress", networkDisabled = "NetworkDisabled"
        }
    }

    /// `Healthcheck`. Durations are nanoseconds on the wire; 0 means "inherit".
    public struct HealthConfig: Codable, Sendable, Equatable {
        /// `["NONE"]`, `["CMD", arg...]` or `["CMD-SHELL", "command"]`.
        public var test: [String]?
        public var interval: Int64?
        public var timeout: Int64?
        public var retries: Int?
        public var startPeriod: Int64?
        /// API 1.44+ only (see `EngineFeatures.supportsHealthStartInterval`); older engines ignore it.
        public var startInterval: Int64?

        public init(
            test: [String]?, interval: Duration? = nil, timeout: Duration? = nil, retries: Int? = nil,
            startPeriod: Duration? = nil, startInterval: Duration? = nil
        ) {
            self.test = test
            self.interval = interval?.nanoseconds
            self.timeout = timeout?.nanoseconds
            self.retries = retries
            self.startPeriod = startPeriod?.nanoseconds
            self.startInterval = startInterval?.nanoseconds
        }

        enum CodingKeys: String, CodingKey {
            case test = "Test", interval = "Interval", timeout = "Timeout", retries = "Retries"
            case startPeriod = "StartPeriod", startInterval = "StartInterval"
        }
    }

    /// `{}` on the wire (ExposedPorts and Volumes values).
    public struct EmptyObject: Codable, Sendable, Equatable, Hashable {
        public init() {}
    }
}

extension Duration {
    /// Whole nanoseconds, the Engine's unit for durations.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
