import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The root `plane` command: each subcommand is one file in this folder.
public struct PlaneCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plane",
        abstract: "Run a homelab's Docker Compose service plane: resolve, lint, bring up, verify.",
        subcommands: [ConfigCommand.self, LintCommand.self, PlanCommand.self, UpCommand.self, PsCommand.self, DownCommand.self, HistoryCommand.self, DoctorCommand.self]
    )

    public init() {}

    /// Entry point: accepts docker compose's global flag placement, then runs the subcommand.
    public static func run(arguments: [String]) async -> Never {
        await main(GlobalFlags.reorder(arguments))
        Glibc.exit(0)
    }
}
