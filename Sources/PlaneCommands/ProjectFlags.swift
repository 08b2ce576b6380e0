import ArgumentParser
import PlaneKit

/// docker compose's project flags, spelled as docker compose spells them.
public struct ProjectFlags: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("file")], help: "Compose configuration files (repeatable).")
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

    @Flag(name: .customLong("compatibility"), help: "Run in backward compatibility mode: container names with _ (project_service_1); config prints compose's unnormalised model. Also COMPOSE_COMPATIBILITY.")
    var compatibility = false

    public init() {}

    /// The help texts `ProjectFlagsLongFile` shares.
    enum Help {
        static let projectName: ArgumentHelp = "Project name."
        static let projectDirectory: ArgumentHelp = "Alternate working directory (default: the first file's folder)."
        static let envFiles: ArgumentHelp = "Alternate environment files (repeatable)."
        static let profiles: ArgumentHelp = "Profiles to enable (repeatable; '*' for all)."
        static let allResources: ArgumentHelp = "Include all resources, even those not used by services."
    }

    func options(environment: [String: String]) -> ProjectOptions {
        var options = ProjectOptions(
            configFiles: files, projectName: projectName, projectDirectory: projectDirectory,
            envFiles: envFiles, profiles: profiles, environment: environment)
        options.allResources = allResources
        // compose: the flag, or COMPOSE_COMPATIBILITY read as Go's strconv.ParseBool reads it.
        options.compatibility = compatibility || ["1", "t", "T", "true", "TRUE", "True"].contains(environment["COMPOSE_COMPATIBILITY"] ?? "")
        return options
    }

    /// `config`'s options: with `--compatibility`, compose's unnormalised model.
    func configOptions(environment: [String: String]) -> ProjectOptions {
        var options = options(environment: environment)
        options.compatibilityModel = options.compatibility
        return options
    }
}
