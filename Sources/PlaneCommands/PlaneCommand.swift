import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The root `plane` command: each subcommand is one file in this folder.
public struct PlaneCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plane",
        abstract: "Run a homelab's Docker Compose service plane: resolve, lint, bring up, verify.",
        discussion: """
            Project flags (as docker compose's, before or after the subcommand): -f/--file (repeatable),             -p/--project-name, --project-directory, --env-file (repeatable), --profile (repeatable, '*' for all).

            Environment: COMPOSE_FILE, COMPOSE_PROJECT_NAME, COMPOSE_PROFILES, COMPOSE_PATH_SEPARATOR;             PLANE_DOCKER_HOST, else DOCKER_HOST (the engine, or the socket-proxy's tcp:// listener);             PLANE_DOCKER_AUTH_FILE (one line user:password for the proxy's BasicAuth); PLANE_STATE_DIR             (label key, run locks, history.sqlite; default ~/.local/state/plane); NO_COLOR.

            Exit codes: 0 success; 1 a failure was found (lint errors, a failed or blocked deploy);             2 the project could not be loaded (plan: changes pending); 3 the engine or its proxy could not             be reached or refused; 4 skipped, another run holds the project's lock; 5 upgrade/rollback held by the freeze file; 64 usage error;             130/143 interrupted by SIGINT/SIGTERM (what was set aside is put back).
            """,
        subcommands: [ConfigCommand.self, LintCommand.self, PlanCommand.self, UpCommand.self, PsCommand.self, DownCommand.self, HistoryCommand.self, DoctorCommand.self, UpgradeCommand.self, RollbackCommand.self]
    )

    public init() {}

    /// Entry point: accepts docker compose's global flag placement, then runs the subcommand.
    public static func run(arguments: [String]) async -> Never {
        await main(GlobalFlags.reorder(arguments))
        Glibc.exit(0)
    }
}
