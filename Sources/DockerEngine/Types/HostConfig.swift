extension Engine {
    /// `HostConfig` of create and inspect (the fields plane sets and compares).
    public struct HostConfig: Codable, Sendable, Equatable {
        /// `source:target[:options]` entries.
        public var binds: [String]?
        public var mounts: [Mount]?
        /// Keys are `port/proto`.
        public var portBindings: [String: [PortBinding]]?
        public var restartPolicy: RestartPolicy?
        public var readonlyRootfs: Bool?
        public var capAdd: [String]?
        public var capDrop: [String]?
        /// e.g. `no-new-privileges` or `no-new-privileges=true` (the ":" form is deprecated).
        public var securityOpt: [String]?
        /// Target path to mount options (`"size=64m,mode=1777"`).
        public var tmpfs: [String: String]?
        public var ulimits: [Ulimit]?
        /// Bytes.
        public var memory: Int64?
        public var memoryReservation: Int64?
        /// CPUs times 10^9.
        public var nanoCpus: Int64?
        public var cpuShares: Int?
        public var pidsLimit: Int64?
        public var networkMode: String?
        public var autoRemove: Bool?
        public var privileged: Bool?
        public var initProcess: Bool?
        public var extraHosts: [String]?
        public var dns: [String]?
        public var groupAdd: [String]?
        public var logConfig: LogConfig?
        public var shmSize: Int64?
        /// Kernel parameters (`net.ipv4.ip_unprivileged_port_start` -> `0`).
        public var sysctls: [String: String]?
        public var devices: [DeviceMapping]?
        public var dnsSearch: [String]?
        public var dnsOptions: [String]?

        // Resources (compose's getDeployResources).
        /// Memory plus swap, bytes (-1 unlimited).
        public var memorySwap: Int64?
        public var memorySwappiness: Int64?
        /// compose always sends it (false unless `oom_kill_disable: true`).
        public var oomKillDisable: Bool?
        public var oomScoreAdj: Int?
        public var cpuCount: Int64?
        public var cpuPercent: Int64?
        public var cpuPeriod: Int64?
        public var cpuQuota: Int64?
        public var cpuRealtimePeriod: Int64?
        public var cpuRealtimeRuntime: Int64?
        public var cpusetCpus: String?
        public var cpusetMems: String?
        public var cgroupParent: String?
        public var blkioWeight: Int?
        public var blkioWeightDevice: [WeightDevice]?
        public var blkioDeviceReadBps: [ThrottleDevice]?
        public var blkioDeviceWriteBps: [ThrottleDevice]?
        public var blkioDeviceReadIOps: [ThrottleDevice]?
        public var blkioDeviceWriteIOps: [ThrottleDevice]?
        public var deviceCgroupRules: [String]?
        public var deviceRequests: [DeviceRequest]?

        // Namespaces, runtime, misc.
        public var ipcMode: String?
        public var pidMode: String?
        public var utsMode: String?
        public var usernsMode: String?
        public var cgroupnsMode: String?
        public var runtime: String?
        public var isolation: String?
        public var storageOpt: [String: String]?
        public var volumeDriver: String?
        public var volumesFrom: [String]?
        /// `container:alias` entries.
        public var links: [String]?
        /// API 1.43+ (older engines ignore it).
        public var annotations: [String: String]?
        /// Sent empty by `security_opt: systempaths=unconfined`.
        public var maskedPaths: [String]?
        public var readonlyPaths: [String]?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case binds = "Binds", mounts = "Mounts", portBindings = "PortBindings", restartPolicy = "RestartPolicy"
            case readonlyRootfs = "ReadonlyRootfs", capAdd = "CapAdd", capDrop = "CapDrop"
            case securityOpt = "SecurityOpt", tmpfs = "Tmpfs", ulimits = "Ulimits", memory = "Memory"
            case memoryReservation = "MemoryReservation", nanoCpus = "NanoCpus", cpuShares = "CpuShares"
            case pidsLimit = "PidsLimit", networkMode = "NetworkMode", autoRemove = "AutoRemove"
            case privileged = "Privileged", initProcess = "Init", extraHosts = "ExtraHosts", dns = "Dns"
            case groupAdd = "GroupAdd", logConfig = "LogConfig", shmSize = "ShmSize", sysctls = "Sysctls"
            case devices = "Devices", dnsSearch = "DnsSearch", dnsOptions = "DnsOptions"
            case memorySwap = "MemorySwap", memorySwappiness = "MemorySwappiness", oomKillDisable = "OomKillDisable"
            case oomScoreAdj = "OomScoreAdj", cpuCount = "CpuCount", cpuPercent = "CpuPercent", cpuPeriod = "CpuPeriod"
            case cpuQuota = "CpuQuota", cpuRealtimePeriod = "CpuRealtimePeriod", cpuRealtimeRuntime = "CpuRealtimeRuntime"
            case cpusetCpus = "CpusetCpus", cpusetMems = "CpusetMems", cgroupParent = "CgroupParent"
            case blkioWeight = "BlkioWeight", blkioWeightDevice = "BlkioWeightDevice"
            case blkioDeviceReadBps = "BlkioDeviceReadBps", blkioDeviceWriteBps = "BlkioDeviceWriteBps"
            case blkioDeviceReadIOps = "BlkioDeviceReadIOps", blkioDeviceWriteIOps = "BlkioDeviceWriteIOps"
            case deviceCgroupRules = "DeviceCgroupRules", deviceRequests = "DeviceRequests"
            case ipcMode = "IpcMode", pidMode = "PidMode", utsMode = "UTSMode", usernsMode = "UsernsMode"
            case cgroupnsMode = "CgroupnsMode", runtime = "Runtime", isolation = "Isolation", storageOpt = "StorageOpt"
            case volumeDriver = "VolumeDriver", volumesFrom = "VolumesFrom", links = "Links", annotations = "Annotations"
            case maskedPaths = "MaskedPaths", readonlyPaths = "ReadonlyPaths"
        }
    }

    /// `BlkioWeightDevice` entry.
    public struct WeightDevice: Codable, Sendable, Equatable {
        public var path: String
        public var weight: Int
        public init(path: String, weight: Int) {
            self.path = path
            self.weight = weight
        }
        enum CodingKeys: String, CodingKey { case path = "Path", weight = "Weight" }
    }

    /// `BlkioDevice{Read,Write}{Bps,IOps}` entry.
    public struct ThrottleDevice: Codable, Sendable, Equatable {
        public var path: String
        public var rate: UInt64
        public init(path: String, rate: UInt64) {
            self.path = path
            self.rate = rate
        }
        enum CodingKeys: String, CodingKey { case path = "Path", rate = "Rate" }
    }

    /// A device request (GPUs, CDI devices, `deploy.resources.reservations.devices`).
    public struct DeviceRequest: Codable, Sendable, Equatable {
        public var driver: String?
        public var count: Int?
        public var deviceIDs: [String]?
        public var capabilities: [[String]]?
        public var options: [String: String]?
        public init(driver: String? = nil, count: Int? = nil, deviceIDs: [String]? = nil, capabilities: [[String]]? = nil, options: [String: String]? = nil) {
            self.driver = driver
            self.count = count
            self.deviceIDs = deviceIDs
            self.capabilities = capabilities
            self.options = options
        }
        enum CodingKeys: String, CodingKey {
            case driver = "Driver", count = "Count", deviceIDs = "DeviceIDs", capabilities = "Capabilities", options = "Options"
        }
    }

    /// A host device made available in the container (`/dev/dri:/dev/dri:rwm`).
    public struct DeviceMapping: Codable, Sendable, Equatable {
        public var pathOnHost: String
        public var pathInContainer: String
        public var cgroupPermissions: String

        public init(pathOnHost: String, pathInContainer: String, cgroupPermissions: String = "rwm") {
            self.pathOnHost = pathOnHost
            self.pathInContainer = pathInContainer
            self.cgroupPermissions = cgroupPermissions
        }

        enum CodingKeys: String, CodingKey {
            case pathOnHost = "PathOnHost", pathInContainer = "PathInContainer", cgroupPermissions = "CgroupPermissions"
        }
    }

    public struct Mount: Codable, Sendable, Equatable {
        /// `bind`, `volume` or `tmpfs`.
        public var type: String
        public var source: String?
        public var target: String
        public var readOnly: Bool?
        public var bindOptions: BindOptions?
        public var volumeOptions: VolumeOptions?
        public var tmpfsOptions: TmpfsOptions?
        /// `consistent`, `cached`, `delegated` (macOS only; accepted and ignored elsewhere).
        public var consistency: String?

        public init(type: String, source: String? = nil, target: String, readOnly: Bool? = nil) {
            self.type = type
            self.source = source
            self.target = target
            self.readOnly = readOnly
        }

        public struct BindOptions: Codable, Sendable, Equatable {
            public var propagation: String?
            public var createMountpoint: Bool?
            public var nonRecursive: Bool?
            public var readOnlyNonRecursive: Bool?
            public var readOnlyForceRecursive: Bool?
            public init(propagation: String? = nil, createMountpoint: Bool? = nil) {
                self.propagation = propagation
                self.createMountpoint = createMountpoint
            }
            enum CodingKeys: String, CodingKey {
                case propagation = "Propagation", createMountpoint = "CreateMountpoint", nonRecursive = "NonRecursive"
                case readOnlyNonRecursive = "ReadOnlyNonRecursive", readOnlyForceRecursive = "ReadOnlyForceRecursive"
            }
        }

        public struct VolumeOptions: Codable, Sendable, Equatable {
            public var noCopy: Bool?
            public var labels: [String: String]?
            /// API 1.45+.
            public var subpath: String?
            public init(noCopy: Bool? = nil, labels: [String: String]? = nil, subpath: String? = nil) {
                self.noCopy = noCopy
                self.labels = labels
                self.subpath = subpath
            }
            enum CodingKeys: String, CodingKey { case noCopy = "NoCopy", labels = "Labels", subpath = "Subpath" }
        }

        public struct TmpfsOptions: Codable, Sendable, Equatable {
            public var sizeBytes: Int64?
            public var mode: Int?
            public init(sizeBytes: Int64? = nil, mode: Int? = nil) {
                self.sizeBytes = sizeBytes
                self.mode = mode
            }
            enum CodingKeys: String, CodingKey { case sizeBytes = "SizeBytes", mode = "Mode" }
        }

        enum CodingKeys: String, CodingKey {
            case type = "Type", source = "Source", target = "Target", readOnly = "ReadOnly"
            case bindOptions = "BindOptions", volumeOptions = "VolumeOptions", tmpfsOptions = "TmpfsOptions"
            case consistency = "Consistency"
        }
    }

    public struct PortBinding: Codable, Sendable, Equatable, Hashable {
        public var hostIP: String?
        /// A port or a range as text, as the Engine has it ("8080", "8000-8010"); empty = any.
        public var hostPort: String?

        public init(hostIP: String? = nil, hostPort: String? = nil) {
            self.hostIP = hostIP
            self.hostPort = hostPort
        }

        enum CodingKeys: String, CodingKey { case hostIP = "HostIp", hostPort = "HostPort" }
    }

    public struct RestartPolicy: Codable, Sendable, Equatable {
        /// `""`/`no`, `always`, `unless-stopped`, `on-failure`.
        public var name: String
        public var maximumRetryCount: Int?

        public init(name: String, maximumRetryCount: Int? = nil) {
            self.name = name
            self.maximumRetryCount = maximumRetryCount
        }

        enum CodingKeys: String, CodingKey { case name = "Name", maximumRetryCount = "MaximumRetryCount" }
    }

    public struct Ulimit: Codable, Sendable, Equatable {
        public var name: String
        public var soft: Int64
        public var hard: Int64

        public init(name: String, soft: Int64, hard: Int64) {
            self.name = name
            self.soft = soft
            self.hard = hard
        }

        enum CodingKeys: String, CodingKey { case name = "Name", soft = "Soft", hard = "Hard" }
    }

    public struct LogConfig: Codable, Sendable, Equatable {
        public var type: String
        public var config: [String: String]?

        public init(type: String, config: [String: String]? = nil) {
            self.type = type
            self.config = config
        }

        enum CodingKeys: String, CodingKey { case type = "Type", config = "Config" }
    }
}
