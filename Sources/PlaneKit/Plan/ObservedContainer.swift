import DockerEngine

/// A container of the project as `GET /containers/json` shows it, with compose's and plane's
/// labels read.
public struct ObservedContainer: Sendable, Equatable {
    public var id: String
    public var name: String
    public var service: String
    public var number: Int?
    public var oneoff: Bool
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
    public var state: String
    /// `healthy`, `unhealthy`, `starting`, or nil without a healthcheck (read from the status text).
    public var health: String?
    /// From the status text (`Exited (137) 2 minutes ago`).
    public var exitCode: Int?
    public var imageID: String?
    public var labels: [String: String]
    /// Names of the networks it is attached to.
    public var networks: [String]
    /// Names of the named volumes it mounts.
    public var volumes: [String]
    /// When it was created (seconds since the epoch), when the engine says.
    public var created: Int64?

    public init(
        id: String, name: String, service: String, number: Int? = 1, oneoff: Bool = false, state: String,
        health: String? = nil, exitCode: Int? = nil, imageID: String? = nil, labels: [String: String] = [:],
        networks: [String] = [], volumes: [String] = [], created: Int64? = nil
    ) {
        self.created = created
        self.id = id
        self.name = name
        self.service = service
        self.number = number
        self.oneoff = oneoff
        self.state = state
        self.health = health
        self.exitCode = exitCode
        self.imageID = imageID
        self.labels = labels
        self.networks = networks
        self.volumes = volumes
    }

    public init(_ summary: Engine.ContainerSummary) {
        let labels = summary.labels ?? [:]
        let status = summary.status ?? ""
        var health: String?
        if status.contains("(healthy)") { health = "healthy" }
        else if status.contains("(unhealthy)") { health = "unhealthy" }
        else if status.contains("(health: starting)") { health = "starting" }
        var exitCode: Int?
        if status.hasPrefix("Exited ("), let close = status.firstIndex(of: ")") {
            exitCode = Int(status[status.index(status.startIndex, offsetBy: 8)..<close])
        }
        self.init(
            id: summary.id, name: summary.name ?? summary.id, service: labels[ComposeLabel.service] ?? "",
            number: labels[ComposeLabel.containerNumber].flatMap { Int($0) },
            oneoff: labels[ComposeLabel.oneoff] == "True", state: summary.state ?? "unknown", health: health,
            exitCode: exitCode, imageID: summary.imageID, labels: labels,
            networks: (summary.networkSettings?.networks ?? [:]).keys.sorted(),
            volumes: (summary.mounts ?? []).filter { $0.type == "volume" }.compactMap(\.name).sorted(),
            created: summary.created)
    }

    public var isRunning: Bool { state == "running" || state == "restarting" }
    /// Running or paused (a start-first drain killed between its pause and its unpause): it must be
    /// stopped before it can be removed.
    public var isUp: Bool { isRunning || state == "paused" }

    /// A container renamed aside while its replacement starts (`<name>_plane-old`).
    public var isReplaced: Bool { name.hasSuffix(PlaneLabel.replacedSuffix) }

    /// "exited (137)", "running (healthy)", "created".
    public var stateText: String {
        var text = state
        if let exitCode, state == "exited" { text += " (\(exitCode))" }
        if let health { text += " (\(health))" }
        return text
    }
}
