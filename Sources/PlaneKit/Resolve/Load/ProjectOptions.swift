/// What a person asks for on the command line, with docker compose's flags and variables.
public struct ProjectOptions: Sendable {
    /// `-f/--file`, in order; empty means COMPOSE_FILE or the default file names.
    public var configFiles: [String]
    /// `-p/--project-name`.
    public var projectName: String?
    /// `--project-directory`.
    public var projectDirectory: String?
    /// `--env-file`, in order (later files win).
    public var envFiles: [String]
    /// `--profile`; empty means COMPOSE_PROFILES.
    public var profiles: [String]
    /// The process environment (shell variables win over every env file).
    public var environment: [String: String]
    /// The directory relative paths on the command line are taken from.
    public var currentDirectory: String
    /// Lint mode: missing env files, unset `${VAR:?}` and undefined secrets are recorded in
    /// `ResolvedProject.inputProblems` (and read as absent or empty) instead of failing the load.
    public var recordsInputProblems = false
    /// `--all-resources`: keep the top-level networks, volumes, secrets and configs no service uses.
    public var allResources = false
    /// `--compatibility` (or `COMPOSE_COMPATIBILITY`): compose v1's `_` in container names
    /// (`ResolvedProject.separator`); the model is the usual one, as for compose's `up`.
    public var compatibility = false
    /// `config --compatibility`: the model as compose prints it in compatibility mode (no default
    /// network, no computed resource names, no default Dockerfile). Never deployed.
    public var compatibilityModel = false

    public init(
        configFiles: [String] = [], projectName: String? = nil, projectDirectory: String? = nil,
        envFiles: [String] = [], profiles: [String] = [], environment: [String: String] = [:],
        currentDirectory: String = FileSystem.currentDirectory()
    ) {
        self.configFiles = configFiles
        self.projectName = projectName
        self.projectDirectory = projectDirectory
        self.envFiles = envFiles
        self.profiles = profiles
        self.environment = environment
        self.currentDirectory = currentDirectory
    }
}
