import ArgumentParser
import DockerEngine
import PlaneKit
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

            Environment: COMPOSE_FILE, COMPOSE_PROJECT_NAME, COMPOSE_PROFILES, COMPOSE_PATH_SEPARATOR;             -H/--host, else PLANE_DOCKER_HOST, else DOCKER_HOST, else the docker context (DOCKER_CONTEXT, else \
            currentContext of ~/.docker/config.json) (the engine, or the socket-proxy's tcp:// listener);             PLANE_DOCKER_AUTH_FILE (one line user:password for the proxy's BasicAuth); PLANE_STATE_DIR             (label key, run locks, history.sqlite; default ~/.local/state/plane); NO_COLOR.

            Exit codes: 0 success; 1 a failure was found (lint errors, a failed or blocked deploy, a failed health check);             2 the project (or its x-plane.health) could not be loaded (plan and drift: changes pending / drift found; upgrade --check: updates available; drift exits 1 on any error); 3 the engine or its proxy could not             be reached or refused; 4 skipped, another run holds the project's lock; 5 held by the freeze file (upgrade, rollback, drift --fix); 64 usage error;             130/143 interrupted by SIGINT/SIGTERM (what was set aside is put back).
            """,
        version: PlaneVersion.text,
        subcommands: [ConfigCommand.self, LintCommand.self, PlanCommand.self, UpCommand.self, HealthCommand.self, PsCommand.self, DownCommand.self,
                      LogsCommand.self, StartCommand.self, StopCommand.self, RestartCommand.self, PullCommand.self, ExecCommand.self,
                      UpgradeCommand.self, RollbackCommand.self,
                      HistoryCommand.self, DoctorCommand.self, DriftCommand.self, TimerCommand.self]
    )

    public init() {}

    /// Entry point: accepts docker compose's global flag placement, then runs the subcommand.
    /// ArgumentParser's own `main` (parse, validate, run; an error printed and turned into the exit
    /// code by `exit(withError:)`), with one step before every exit: libcurl may still be loading on
    /// another thread (`Engine.prepareTransport`), and exit handlers must not run under it.
    public static func run(arguments: [String]) async -> Never {
        do {
            var command = try parseAsRoot(GlobalFlags.reorder(arguments))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Engine.settleTransport()
            exit(withError: error)
        }
        Engine.settleTransport()
        Glibc.exit(0)
    }
}
