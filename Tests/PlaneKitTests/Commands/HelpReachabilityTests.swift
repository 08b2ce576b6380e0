import Foundation
import Testing
@testable import PlaneCommands

/// Every subcommand is listed by `plane --help` and answers its own `--help` (exit 0).
@Suite struct HelpReachabilityTests {
    static let subcommands = PlaneCommand.configuration.subcommands.map { $0._commandName }

    @Test func rootHelpListsEverySubcommand() async throws {
        let result = try await PlaneProcess.run(["--help"], in: FileManager.default.temporaryDirectory, environment: [:])
        #expect(result.status == 0)
        for name in Self.subcommands { #expect(result.stdout.contains("  \(name) "), "\(name) missing from plane --help") }
        #expect(Set(Self.subcommands).isSuperset(of: ["config", "lint", "plan", "up", "ps", "down", "doctor"]))
    }

    @Test(arguments: subcommands)
    func subcommandHelpWorks(_ name: String) async throws {
        let result = try await PlaneProcess.run([name, "--help"], in: FileManager.default.temporaryDirectory, environment: [:])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("USAGE: plane \(name)"), "\(result)")
    }
}
