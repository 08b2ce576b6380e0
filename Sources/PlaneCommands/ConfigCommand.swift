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
    @Argument(help: ArgumentHelp("Only these services and what they depend on (as docker compose config SVC...).", valueName: "service"),
              completion: .custom(Completion.services))
    var only: [String] = []

    func run() throws {
        var resolved = try ProjectLoading.load(project, compatibilityModel: true)
        if !only.isEmpty && !services && !profiles {
            do {
                resolved = try resolved.restricted(to: only)
            } catch {
                ErrorReporter.report(error)
                throw PlaneExit.invalidProject
            }
        }
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        if quiet { return }
        if services {
            ErrorReporter.writeStdout(lines(ConfigListing.services(resolved)))
        } else if profiles {
            ErrorReporter.writeStdout(lines(ConfigListing.profiles(resolved)))
        } else if images {
            ErrorReporter.writeStdout(lines(ConfigListing.images(resolved)))
        } else if let hash {
            switch ConfigListing.hashes(resolved, selection: hash) {
            case .success(let hashes):
                ErrorReporter.writeStdout(lines(hashes))
            case .failure(let error):
                ErrorReporter.report(error)
                throw PlaneExit.invalidProject
            }
        } else {
            let document = ProjectDocument.build(resolved, flavor: format == .json ? .json : .yaml)
            if format == .json {
                JSONWriter.write(document, toDescriptor: 1, style: .compose)
            } else {
                ErrorReporter.writeStdout(YAMLWriter.write(document, escapeDollars: true))
            }
        }
    }

    private func lines(_ items: [String]) -> String { items.map { $0 + "\n" }.joined() }
}
