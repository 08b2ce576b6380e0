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

    public init() {}

    func options(environment: [String: String]) -> ProjectOptions {
        ProjectOptions(
            configFiles: files, projectName: projectName, projectDirectory: projectDirectory,
            envFiles: envFiles, profiles: profiles, environment: environment)
    }
}
