import ArgumentParser
import PlaneKit

/// docker compose's project flags, spelled as docker compose spells them.
public struct ProjectFlags: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("file")], help: "Compose configuration files (repeatable).")
    var files: [String] = []

    @Option(name: [.customShort("p"), .customLong("project-name")], help: "Project name.")
    var projectName: String?

    @Option(name: .customLong("project-directory"), help: "Alternate working directory (default: the first file's folder).")
    var projectDirectory: String?

    @Option(name: .customLong("env-file"), help: "Alternate environment files (repeatable).")
    var envFiles: [String] = []

    @Option(name: .customLong("profile"), help: "Profiles to enable (repeatable; '*' for all).", completion: .custom(Completion.profiles))
    var profiles: [String] = []

    @Flag(name: .customLong("all-resources"), help: "Include all resources, even those not used by services.")
    var allResources = false

    @Flag(name: .customLong("compatibility"), help: "Run in backward compatibility mode: container names with _ (project_service_1); config prints compose's unnormalised model. Also COMPOSE_COMPATIBILITY.")
    var compatibility = false

    public init() {}

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
