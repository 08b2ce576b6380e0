/// The labels docker compose puts on what it creates (pkg/api/labels.go), which plane puts on
/// what it creates too, so `docker compose ps/logs/down` work on a project plane brought up.
public enum ComposeLabel {
    public static let project = "com.docker.compose.project"
    public static let service = "com.docker.compose.service"
    public static let containerNumber = "com.docker.compose.container-number"
    public static let oneoff = "com.docker.compose.oneoff"
    /// compose's hash of the service definition; plane writes its own definition hash here.
    public static let configHash = "com.docker.compose.config-hash"
    /// The image ID the container was created from.
    public static let image = "com.docker.compose.image"
    /// `service:condition:restart,...`
    public static let dependsOn = "com.docker.compose.depends_on"
    public static let version = "com.docker.compose.version"
    public static let workingDirectory = "com.docker.compose.project.working_dir"
    public static let configFiles = "com.docker.compose.project.config_files"
    /// The ID of the container this one replaced.
    public static let replace = "com.docker.compose.replace"
    public static let network = "com.docker.compose.network"
    public static let volume = "com.docker.compose.volume"

    /// The compose version whose label set plane writes.
    public static let compatibleVersion = "2.40.3"
}
