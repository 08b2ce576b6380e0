import ArgumentParser

/// The root `plane` command: each subcommand is one file in this folder.
public struct PlaneCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plane",
        abstract: "Run a homelab's Docker Compose service plane: resolve, lint, bring up, verify.",
        subcommands: [ConfigCommand.self]
    )

    public init() {}
}
