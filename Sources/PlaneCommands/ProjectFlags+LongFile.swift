import ArgumentParser

/// The project flags of a command whose `-f` means something else (`plane logs -f` follows, as
/// compose's does): `--file` is spelled out there; `-f FILE` before the subcommand still works
/// (`GlobalFlags` spells it `--file` when it moves it).
struct ProjectFlagsLongFile: ParsableArguments {
    @Option(name: .customLong("file"), help: "Compose configuration files (repeatable; -f before the subcommand).")
    var files: [String] = []
    @Option(name: [.customShort("p"), .customLong("project-name")], help: ProjectFlags.Help.projectName)
    var projectName: String?
    @Option(name: .customLong("project-directory"), help: ProjectFlags.Help.projectDirectory)
    var projectDirectory: String?
    @Option(name: .customLong("env-file"), help: ProjectFlags.Help.envFiles)
    var envFiles: [String] = []
    @Option(name: .customLong("profile"), help: ProjectFlags.Help.profiles, completion: .custom(Completion.profiles))
    var profiles: [String] = []
    @Flag(name: .customLong("all-resources"), help: ProjectFlags.Help.allResources)
    var allResources = false
    @Flag(name: .customLong("compatibility"), help: "Run in backward compatibility mode: container names with _ (project_service_1). Also COMPOSE_COMPATIBILITY.")
    var compatibility = false

    /// Every property of `ProjectFlags` is set here: one left unset would trap when read (a parsable
    /// type made by hand is not decoded).
    var flags: ProjectFlags {
        var flags = ProjectFlags()
        flags.files = files
        flags.projectName = projectName
        flags.projectDirectory = projectDirectory
        flags.envFiles = envFiles
        flags.profiles = profiles
        flags.allResources = allResources
        flags.compatibility = compatibility
        return flags
    }
}
