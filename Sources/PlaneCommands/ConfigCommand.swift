import ArgumentParser
import PlaneKit

/// `plane config`: the resolved model, exactly as `docker compose config` prints it.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the resolved compose model (same model as `docker compose config`).")

    @OptionGroup(title: "Project") var project: ProjectFlags

    @Option(help: "Output format: yaml or json.") var format: OutputFormat = .yaml
    @Flag(help: "Print the service names, one per line.") var services = false
    @Flag(help: "Print the profile names, one per line.") var profiles = false
    @Flag(help: "Print the image names, one per line.") var images = false
    @Option(help: "Print the config hash of the named services ('*' for all).") var hash: String?
    @Flag(name: [.short, .long], help: "Only validate the configuration, print nothing.") var quiet = false

    func run() throws {
        let resolved = try ProjectLoading.load(project)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        if quiet { return }
        if services {
            ErrorReporter.writeStdout(resolved.services.keys.map { $0 + "\n" }.joined())
        } else if profiles {
            ErrorReporter.writeStdout(resolved.allProfiles.map { $0 + "\n" }.joined())
        } else if images {
            let names = resolved.services.entries.map { $0.value["image"]?.scalarText ?? "\(resolved.name)-\($0.key)" }
            ErrorReporter.writeStdout(names.map { $0 + "\n" }.joined())
        } else if let hash {
            let wanted = hash == "*" ? resolved.services.keys : hash.split(separator: ",").map(String.init)
            var lines = ""
            for name in wanted {
                guard let service = resolved.services[name] else {
                    ErrorReporter.writeStderr("error: no such service: \(name)\n")
                    throw PlaneExit.invalidProject
                }
                lines += "\(name) \(ConfigHash.compose(service))\n"
            }
            ErrorReporter.writeStdout(lines)
        } else {
            let document = ProjectDocument.build(resolved, flavor: format == .json ? .json : .yaml)
            if format == .json {
                JSONWriter.write(document, toDescriptor: 1, style: .compose)
            } else {
                ErrorReporter.writeStdout(YAMLWriter.write(document, escapeDollars: true))
            }
        }
    }
}
