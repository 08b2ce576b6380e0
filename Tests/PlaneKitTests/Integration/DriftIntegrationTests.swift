import DockerEngine
import Foundation
import PlaneStore
import Testing
@testable import PlaneKit

/// `plane drift` on the private dockerd, each drift kind alone: the binary's exit code, the item's
/// service, direction and cause, docker compose's own `up --dry-run -d` on the same state (for the kinds
/// it can see, and that it cannot see the others), `--fix` converging it and the next run clean.
@Suite("plane drift on a real engine", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct DriftIntegrationTests {
    static let compose = """
        x-sleeper: &sleeper
          image: local/busybox:1
          command: ["sleep", "3600"]
          init: true
          restart: unless-stopped
        services:
          web:
            <<: *sleeper
            env_file: [app.env]
            mem_limit: 64m
            networks: [default, back]
          worker:
            <<: *sleeper
            secrets: [token]
        networks:
          back: {}
        secrets:
          token:
            file: ./token.txt
        """

    struct Project {
        let directory: URL
        let name: String
        let oracle: String?
        let environment: [String: String]
        var state: String { environment["PLANE_STATE_DIR"]! }
        var metrics: URL { directory.appendingPathComponent("metrics") }

        func plane(_ arguments: [String], extra: [String: String] = [:]) async throws -> PlaneProcess.Result {
            try await PlaneProcess.run(["-p", name] + arguments, in: directory, environment: environment.merging(extra) { $1 })
        }

        func drift(_ arguments: [String] = [], extra: [String: String] = [:]) async throws -> PlaneProcess.Result {
            try await plane(["drift", "--format", "json", "--textfile", metrics.path] + arguments, extra: extra)
        }

        func compose(_ arguments: [String]) async throws -> PlaneProcess.Result {
            try await PlaneProcess.runProgram(oracle!, ["-p", name] + arguments, in: directory, environment: environment)
        }

        func docker(_ arguments: [String]) async throws -> PlaneProcess.Result {
            let result = try await PlaneProcess.runProgram("/usr/bin/docker", arguments, in: directory, environment: environment)
            #expect(result.status == 0, "docker \(arguments.joined(separator: " ")): \(result)")
            return result
        }

        func write(_ name: String, _ text: String) throws {
            try text.write(to: directory.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }

        func container(_ service: String) -> String { "\(name)-\(service)-1" }
    }

    static func withProject(_ body: (Project) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-drift-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("metrics"), withIntermediateDirectories: true)
        for (name, text) in ["compose.yaml": compose, "app.env": "MODE=one\n", "token.txt": "drift-token-one\n"] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        chmod(dir.appendingPathComponent("token.txt").path, 0o600)
        let project = Project(
            directory: dir, name: TestEngine.projectName("plane-drift"), oracle: ComposeOracle.binary,
            environment: ["DOCKER_HOST": try TestEngine.requireHost(), "HOME": dir.path, "PATH": "/usr/bin:/bin",
                          "PLANE_STATE_DIR": dir.appendingPathComponent(".state").path, "NO_COLOR": "1"])
        try await Task.sleep(for: .milliseconds(1100))
        do {
            try await body(project)
        } catch {
            await TestEngine.removeProject(project.name)
            throw error
        }
        await TestEngine.removeProject(project.name)
        _ = try? await PlaneProcess.runProgram("/usr/bin/docker", ["rm", "-f", "\(project.name)-web-1", "\(project.name)-extra"],
                                               in: dir, environment: project.environment)
        try? FileManager.default.removeItem(at: dir)
    }

    struct Item: Decodable, Equatable {
        var service: String
        var direction: String
        var cause: String
        var text: String
        var fix: String
    }

    struct Document: Decodable {
        var status: String
        var exitCode: Int
        var items: [Item]
    }

    static func decode(_ result: PlaneProcess.Result) throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(result.stdout.utf8))
    }

    static func metric(_ project: Project, _ name: String) throws -> [String] {
        let text = try String(contentsOf: project.metrics.appendingPathComponent("plane_drift_\(project.name).prom"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(name + "{") }
    }

    /// One drift kind: made alone on a converged stack, found (exit 2) as `expected`, compose's dry run
    /// agreeing when it can see the kind, fixed by `--fix`, and the next run clean.
    static func kind(_ project: Project, _ label: String, expected: (service: String, direction: String, cause: String),
                     composeSays: String?, make: () async throws -> Void) async throws {
        let before = try await project.drift()
        #expect(before.status == 0, "\(label): clean before: \(before)")
        try await make()
        let found = try await project.drift()
        #expect(found.status == 2, "\(label): \(found)")
        let document = try decode(found)
        #expect(document.status == "drift")
        #expect(document.items.contains { $0.service == expected.service && $0.direction == expected.direction && $0.cause == expected.cause },
                "\(label): expected \(expected) in \(document.items)")
        #expect(!found.stdout.contains("drift-token"), "a secret value reached the output")
        #expect(try metric(project, "plane_drift_status") == ["plane_drift_status{project=\"\(project.name)\"} 2"])
        #expect(try metric(project, "plane_drift_items").contains { $0.contains("service=\"\(expected.service)\",direction=\"\(expected.direction)\"") })

        // docker compose's own view of the same engine state.
        if project.oracle != nil {
            let dry = try await project.compose(["up", "--dry-run", "-d"])
            let said = dry.stdout + dry.stderr
            let line = said.split(separator: "\n").first { $0.contains(project.container(expected.service)) } ?? ""
            if let composeSays {
                #expect(line.contains(composeSays), "\(label): compose's dry run should say \(composeSays): \(said)")
            } else {
                #expect(!line.contains("Recreate") && !line.contains("Start") && !line.contains("Creat"),
                        "\(label): compose's dry run does not see this kind: \(said)")
            }
        }

        let fixed = try await project.drift(["--fix", "--skip-lint"])
        #expect(fixed.status == 0, "\(label) --fix: \(fixed)")
        #expect(try decode(fixed).status == "fixed")
        let after = try await project.drift()
        #expect(after.status == 0, "\(label): clean after --fix: \(after)")
        #expect(try metric(project, "plane_drift_status") == ["plane_drift_status{project=\"\(project.name)\"} 0"])
    }

    @Test("each drift kind alone: right service, direction and cause, exit 2; compose agrees where it can see; --fix converges it")
    func eachKind() async throws {
        try await Self.withProject { p in
            let up = try await p.plane(["up", "--skip-lint"])
            #expect(up.status == 0, "up: \(up)")
            let fresh = try await p.drift()
            #expect(fresh.status == 0, "a freshly converged stack has no drift: \(fresh)")
            #expect(try Self.decode(fresh).items.isEmpty)

            try await Self.kind(p, "env file edited", expected: ("web", "files->engine", "env-file-changed"), composeSays: "Recreate") {
                try p.write("app.env", "MODE=two\n")
            }
            try await Self.kind(p, "secret rotated", expected: ("worker", "files->engine", "secret-changed"), composeSays: nil) {
                try p.write("token.txt", "drift-token-two\n")
            }
            try await Self.kind(p, "tag changed in the file", expected: ("web", "files->engine", "definition-changed"), composeSays: "Recreate") {
                try p.write("compose.yaml", Self.compose.replacingOccurrences(
                    of: "    env_file: [app.env]", with: "    image: local/busybox:2\n    env_file: [app.env]"))
            }
            try await Self.kind(p, "container stopped", expected: ("worker", "engine->files", "stopped"), composeSays: "Start") {
                _ = try await p.docker(["stop", "-t", "1", p.container("worker")])
            }
            try await Self.kind(p, "container removed", expected: ("worker", "engine->files", "container-removed"), composeSays: "Creat") {
                _ = try await p.docker(["rm", "-f", p.container("worker")])
            }
            // compose's dry run plans a create there (the real run would then fail on the name conflict).
            try await Self.kind(p, "container recreated by docker run with the same name", expected: ("web", "engine->files", "foreign-container"),
                                composeSays: "Creat") {
                _ = try await p.docker(["rm", "-f", p.container("web")])
                _ = try await p.docker(["run", "-d", "--name", p.container("web"), "local/busybox:1", "sleep", "3600"])
            }
            try await Self.kind(p, "docker update --restart=no", expected: ("web", "engine->files", "live-edited"), composeSays: nil) {
                _ = try await p.docker(["update", "--restart=no", p.container("web")])
            }
            try await Self.kind(p, "network disconnected", expected: ("web", "engine->files", "network-missing"), composeSays: "Recreate") {
                _ = try await p.docker(["network", "disconnect", "\(p.name)_back", p.container("web")])
            }
            try await Self.kind(p, "extra container with the project label", expected: ("\(p.name)-extra", "engine->files", "orphan"), composeSays: nil) {
                _ = try await p.docker(["run", "-d", "--name", "\(p.name)-extra", "--label", "com.docker.compose.project=\(p.name)",
                                        "local/busybox:1", "sleep", "3600"])
            }
            // Every run is in the history, as kind drift.
            let history = try SQLiteHistory(path: p.state + "/history.sqlite", create: false)
            let runs = try history.runs(project: p.name, service: nil, limit: 0).filter { $0.start.kind == .drift }
            #expect(runs.count >= 9 * 4, "drift runs recorded: \(runs.count)")
            let fixRuns = runs.filter { !$0.steps.isEmpty }
            #expect(fixRuns.count >= 9, "each --fix journalled its steps in a drift run")
            if let fixRun = fixRuns.first { #expect(try history.driftRecord(of: fixRun.id)?.status == "fixed") }
        }
    }

    @Test("a stack converged by docker compose up -d has no drift")
    func composeConverged() async throws {
        try await Self.withProject { p in
            guard p.oracle != nil else {
                #expect(!ComposeOracle.required, "CI must install docker compose")
                return
            }
            let up = try await p.compose(["up", "-d"])
            #expect(up.status == 0, "compose up: \(up)")
            let drift = try await p.drift()
            #expect(drift.status == 0, "compose-converged stack: \(drift)")
        }
    }

    @Test("--fix held by the freeze file and skipped by the lock: their codes and metrics, no engine write")
    func heldAndLocked() async throws {
        try await Self.withProject { p in
            let up = try await p.plane(["up", "--skip-lint"])
            #expect(up.status == 0, "up: \(up)")
            _ = try await p.docker(["stop", "-t", "1", p.container("worker")])

            // Held: the freeze file (default: <state dir>/freeze); its reason is shown.
            try "maintenance until friday\n".write(toFile: p.state + "/freeze", atomically: true, encoding: .utf8)
            let held = try await p.drift(["--fix", "--skip-lint"])
            #expect(held.status == 5, "held: \(held)")
            #expect(held.stderr.contains("maintenance until friday"))
            #expect(try Self.metric(p, "plane_drift_status") == ["plane_drift_status{project=\"\(p.name)\"} 5"])
            #expect(try Self.metric(p, "plane_drift_items").count == 1)

            // The same, in-process, counting the engine's writes: none.
            let counter = RequestCounter()
            let client = try await TestEngine.client(counting: counter)
            let project = try UpFixture.load(p.directory, projectName: p.name)
            let state = StateDirectory(path: p.state)
            let key = try LabelKey.loadOrCreate(in: p.state)
            let history = try SQLiteHistory(path: state.historyPath)
            let run = DriftRun(check: DriftCheck(project: project, request: UpRequest(), engine: client, key: key), fix: true,
                               freeze: try FreezeFile.resolve(project: project, state: state), skipLint: true)
            let heldInProcess = try await run.run(Deployment.RunOptions(state: state, history: history))
            #expect(heldInProcess.status == .held)
            #expect(counter.writes.isEmpty, "held: writes \(counter.writes)")
            unlink(p.state + "/freeze")

            // Locked: another run holds the project's lock.
            let lock = try await state.lock(project: p.name, timeout: .zero)
            let locked = try await p.drift(["--fix", "--skip-lint"])
            #expect(locked.status == 4, "locked: \(locked)")
            #expect(try Self.metric(p, "plane_drift_status") == ["plane_drift_status{project=\"\(p.name)\"} 4"])
            let lockedInProcess = try await run.run(Deployment.RunOptions(state: state, history: history))
            #expect(lockedInProcess.status == .locked)
            #expect(counter.writes.isEmpty, "locked: writes \(counter.writes)")
            lock.release()

            let stopped = try await TestEngine.client().inspectContainer(p.container("worker"))
            #expect(stopped.state?.running == false, "held and locked runs left the stopped container as it was")
            let fixed = try await p.drift(["--fix", "--skip-lint"])
            #expect(fixed.status == 0, "after the freeze and the lock: \(fixed)")
        }
    }

    @Test("per-service isolation: a service whose env file is gone is an error for it alone; the others are still compared (exit 1 outranks drift)")
    func perServiceIsolation() async throws {
        try await Self.withProject { p in
            let up = try await p.plane(["up", "--skip-lint"])
            #expect(up.status == 0, "up: \(up)")
            _ = try await p.docker(["stop", "-t", "1", p.container("worker")])
            try FileManager.default.removeItem(at: p.directory.appendingPathComponent("app.env"))
            let result = try await p.drift()
            #expect(result.status == 1, "\(result)")
            let document = try Self.decode(result)
            #expect(document.status == "error")
            #expect(document.items.contains { $0.service == "worker" && $0.cause == "stopped" }, "the healthy service is still compared: \(document.items)")
            #expect(!document.items.contains { $0.service == "web" })
            #expect(result.stderr.contains("web:") && result.stderr.contains("app.env"), "\(result.stderr)")
            #expect(try Self.metric(p, "plane_drift_status") == ["plane_drift_status{project=\"\(p.name)\"} 1"])
        }
    }

    @Test("the timer's ExecStart, run as systemd runs it (its environment only, no HOME), gives the interactive result; --max-age")
    func timerExecStart() async throws {
        try await Self.withProject { p in
            let up = try await p.plane(["up", "--skip-lint"])
            #expect(up.status == 0, "up: \(up)")
            _ = try await p.docker(["stop", "-t", "1", p.container("worker")])
            let units = p.directory.appendingPathComponent("units")
            let install = try await p.plane(["timer", "install", "--unit-dir", units.path, "--textfile", p.metrics.path, "--interval", "15min"])
            #expect(install.status == 0, "install: \(install)")
            let service = try String(contentsOf: units.appendingPathComponent("plane-drift-\(p.name).service"), encoding: .utf8)
            let unit = try SystemdUnitLine.parse(service)
            #expect(unit.environment["HOME"] == nil && unit.environment["PLANE_TRIGGER"] == "timer")

            let interactive = try await p.plane(["drift"])
            let timer = try await PlaneProcess.runProgram(unit.command[0], Array(unit.command.dropFirst()),
                                                          in: URL(fileURLWithPath: unit.workingDirectory), environment: unit.environment)
            #expect(interactive.status == 2, "interactive: \(interactive)")
            #expect(timer.status == interactive.status, "timer: \(timer)")
            #expect(timer.stdout == interactive.stdout)

            let fresh = try await p.plane(["drift", "--max-age", "1h"])
            #expect(fresh.status == 0, "--max-age 1h right after a timer run: \(fresh)")
            try await Task.sleep(for: .milliseconds(2100))
            let stale = try await p.plane(["drift", "--max-age", "1s"])
            #expect(stale.status == 1 && stale.stdout.hasPrefix("stale:"), "--max-age 1s: \(stale)")

            let status = try await p.plane(["timer", "status", "--unit-dir", units.path])
            #expect(status.status == 0 && status.stdout.contains("last timer run:"), "\(status)")
            let remove = try await p.plane(["timer", "remove", "--unit-dir", units.path])
            #expect(remove.status == 0)
            #expect(!FileManager.default.fileExists(atPath: units.appendingPathComponent("plane-drift-\(p.name).timer").path))
        }
    }
}

/// The lines of a service unit that say how systemd runs it: Environment=, WorkingDirectory=,
/// ExecStart= (quotes and `$$`/`%%` undone as systemd undoes them).
struct SystemdUnitLine {
    var environment: [String: String] = [:]
    var workingDirectory = "/"
    var command: [String] = []

    static func parse(_ text: String) throws -> SystemdUnitLine {
        var unit = SystemdUnitLine()
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Environment=") {
                for word in words(String(line.dropFirst("Environment=".count))) {
                    let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                    unit.environment[parts[0]] = parts.count > 1 ? parts[1] : ""
                }
            } else if line.hasPrefix("WorkingDirectory=") {
                unit.workingDirectory = words(String(line.dropFirst("WorkingDirectory=".count)))[0]
            } else if line.hasPrefix("ExecStart=") {
                unit.command = words(String(line.dropFirst("ExecStart=".count))).map { $0.replacingOccurrences(of: "$$", with: "$") }
            }
        }
        guard !unit.command.isEmpty else { throw SetupError("no ExecStart= in the unit") }
        return unit
    }

    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false, escaped = false, inWord = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if quoted && character == "\\" { escaped = true; continue }
            if character == "\"" { quoted.toggle(); inWord = true; continue }
            if character == " " && !quoted {
                if inWord { result.append(current); current = ""; inWord = false }
                continue
            }
            current.append(character)
            inWord = true
        }
        if inWord { result.append(current) }
        return result.map { $0.replacingOccurrences(of: "%%", with: "%") }
    }
}
