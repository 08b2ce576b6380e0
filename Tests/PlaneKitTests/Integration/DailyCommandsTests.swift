import Foundation
import Testing
@testable import PlaneKit

/// The daily commands (logs, ps -q/--services/--status/--format json, start/stop/restart, exec,
/// up --force-recreate) on the private dockerd, each held against what docker compose v2.40.3
/// prints or does on the same project; and the mistakes that must be errors.
@Suite("Daily commands beside docker compose", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct DailyCommandsTests {
    static let compose = """
        services:
          database:
            image: local/busybox:1
            command: ["sh", "-c", "echo db-ready; echo db-warning >&2; exec sleep 3600"]
            init: true
          web:
            image: local/busybox:1
            command: ["sh", "-c", "for i in 1 2 3; do echo web-line-$$i; done; echo web-err >&2; exec sleep 3600"]
            init: true
            depends_on: [database]
          once:
            image: local/busybox:1
            command: ["sh", "-c", "echo once-a; echo once-b; exit 0"]
            restart: "no"
          extra:
            image: local/busybox:1
            command: ["sleep", "3600"]
            profiles: [tools]
        """

    struct Project {
        let directory: URL
        let name: String
        let oracle: String
        var environment: [String: String]

        func plane(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> PlaneProcess.Result {
            try await PlaneProcess.run(["-p", name] + arguments, in: directory, environment: environment.merging(extra) { $1 })
        }

        func compose(_ arguments: [String]) async throws -> PlaneProcess.Result {
            try await PlaneProcess.runProgram(oracle, ["-p", name] + arguments, in: directory, environment: environment)
        }
    }

    static func withProject(_ text: String = compose, up: Bool = true, _ body: (Project) async throws -> Void) async throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-daily-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let project = Project(
            directory: dir, name: TestEngine.projectName("plane-daily"), oracle: oracle,
            environment: ["DOCKER_HOST": try TestEngine.requireHost(), "HOME": dir.path, "PATH": "/usr/bin:/bin",
                          "PLANE_STATE_DIR": dir.appendingPathComponent(".state").path, "NO_COLOR": "1"])
        do {
            if up {
                let started = try await project.plane(["up", "--skip-lint"])
                #expect(started.status == 0, "plane up: \(started)")
                // The one-shot service and the first log lines: done well within this.
                try await Task.sleep(for: .milliseconds(1500))
            }
            try await body(project)
        } catch {
            await TestEngine.removeProject(project.name)
            throw error
        }
        await TestEngine.removeProject(project.name)
        try? FileManager.default.removeItem(at: dir)
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).sorted() }

    /// compose pads a prefix to the longest container name that has logged *so far* (timing-dependent);
    /// plane to the longest of all: the same lines once the padding is folded.
    static func logLines(_ text: String) -> [String] {
        lines(text).map { line in
            guard let bar = line.range(of: "  | ") else { return line }
            return line[..<bar.lowerBound].trimmingCharacters(in: .whitespaces) + " | " + line[bar.upperBound...]
        }.sorted()
    }

    @Test("logs: the same demultiplexed, prefixed lines as docker compose logs (all, per service, --tail, -t)")
    func logsMatchCompose() async throws {
        try await Self.withProject { project in
            for arguments in [["logs"], ["logs", "web"], ["logs", "--tail", "1", "web", "database"], ["logs", "-t", "database"], ["logs", "--no-log-prefix", "once"]] {
                let plane = try await project.plane(arguments)
                let compose = try await project.compose(arguments)
                #expect(plane.status == 0, "\(arguments): \(plane)")
                #expect(Self.logLines(plane.stdout) == Self.logLines(compose.stdout), "\(arguments)\nplane:\n\(plane.stdout)\ncompose:\n\(compose.stdout)")
            }
            let all = try await project.plane(["logs"])
            #expect(all.stdout.contains("web-1       | web-err\n"), "stderr frames demultiplexed, names padded to the longest: \(all)")
            #expect(all.stdout.contains("database-1  | db-ready\n"), "\(all)")
            // One container's lines are never split by another's (each container's block is written at once).
            let webLines = all.stdout.split(separator: "\n").filter { $0.hasPrefix("web-1") }.map(String.init)
            #expect(webLines.filter { $0.contains("web-line") } == ["web-1       | web-line-1", "web-1       | web-line-2", "web-1       | web-line-3"], "\(all)")
            // -f ends when the followed container exits (once exited already: its stream ends at once).
            let followed = try await project.plane(["logs", "-f", "once"])
            #expect(followed.status == 0 && followed.stdout == "once-1  | once-a\nonce-1  | once-b\n", "\(followed)")
            // Following a running container: still following a second later, ended (exit 0) once it stops.
            let follower = try PlaneProcess.start(["-p", project.name, "logs", "-f", "web"], in: project.directory, environment: project.environment)
            defer { if follower.isRunning { follower.terminate() } }
            try await Task.sleep(for: .seconds(1))
            #expect(follower.isRunning, "logs -f must keep following a running container")
            let stop = try await project.plane(["stop", "web"])
            #expect(stop.status == 0, "\(stop)")
            for _ in 0..<120 where follower.isRunning { try await Task.sleep(for: .milliseconds(250)) }
            #expect(!follower.isRunning, "logs -f must end when the followed container stops")
            if !follower.isRunning { #expect(follower.terminationStatus == 0) }
        }
    }

    /// The daily project with a named volume and a bind mount on web (ps's Mounts and LocalVolumes).
    static let composeWithMounts = compose.replacingOccurrences(
        of: "    depends_on: [database]\n", with: "    depends_on: [database]\n    volumes: [\"data:/data\", \"./:/host:ro\"]\n") + "\nvolumes:\n  data: {}\n"

    @Test("ps -q, --services, --status and --format json answer as docker compose's do (the same keys; values as compose's)")
    func psMatchesCompose() async throws {
        try await Self.withProject(Self.composeWithMounts) { project in
            for arguments in [["ps", "-q"], ["ps", "--services"], ["ps", "-a", "-q"], ["ps", "--status", "exited", "-q"], ["ps", "-q", "web"]] {
                let plane = try await project.plane(arguments)
                let compose = try await project.compose(arguments)
                #expect(plane.status == 0 && compose.status == 0, "\(arguments): \(plane)\n\(compose)")
                #expect(Self.lines(plane.stdout) == Self.lines(compose.stdout), "\(arguments)\nplane:\n\(plane.stdout)\ncompose:\n\(compose.stdout)")
            }
            // compose before and after plane: RunningFor and Status move with the clock, and on a
            // loaded machine seconds pass between two processes; plane's must lie between compose's two.
            let composeBefore = try await project.compose(["ps", "-a", "--format", "json"])
            let plane = try await project.plane(["ps", "-a", "--format", "json"])
            let compose = try await project.compose(["ps", "-a", "--format", "json"])
            func objects(_ text: String) throws -> [String: [String: Any]] {
                var byName: [String: [String: Any]] = [:]
                for line in text.split(separator: "\n") {
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    byName[object["Name"] as? String ?? ""] = object
                }
                return byName
            }
            let ours = try objects(plane.stdout), theirs = try objects(compose.stdout), theirsBefore = try objects(composeBefore.stdout)
            #expect(Set(ours.keys) == Set(theirs.keys), "the same containers")
            #expect(theirs["\(project.name)-web-1"]?["Mounts"] as? String != "", "the fixture has mounts to compare")
            for (name, object) in theirs {
                let mine = try #require(ours[name])
                #expect(Set(mine.keys) == Set(object.keys), "\(name): the same fields as compose's: \(Set(mine.keys).symmetricDifference(object.keys).sorted())")
                // compose's values where they are deterministic (Labels and Networks are in Go's map order there).
                for key in ["Command", "LocalVolumes", "Names", "Ports", "Size"] {
                    #expect("\(mine[key] ?? "missing")" == "\(object[key] ?? "missing")", "\(name).\(key)")
                }
                #expect(Set(((mine["Labels"] as? String) ?? "").split(separator: ",")) == Set(((object["Labels"] as? String) ?? "").split(separator: ",")), "\(name).Labels")
                #expect(Set(((mine["Mounts"] as? String) ?? "").split(separator: ",")) == Set(((object["Mounts"] as? String) ?? "").split(separator: ",")), "\(name).Mounts")
                #expect(Set(((mine["Networks"] as? String) ?? "").split(separator: ",")) == Set(((object["Networks"] as? String) ?? "").split(separator: ",")), "\(name).Networks")
                if (object["CreatedAt"] as? String)?.hasSuffix("+0000 UTC") == true {
                    #expect(mine["CreatedAt"] as? String == object["CreatedAt"] as? String, "\(name).CreatedAt (compose prints the host's zone; this host is in UTC)")
                }
                // RunningFor and Status move with the clock: compose's answer just before or just after
                // plane's, or the same words with a number between theirs (a second of slack each way).
                let words = { (value: Any?) in ((value as? String) ?? "").split(separator: " ").filter { Int($0) == nil } }
                let numbers = { (value: Any?) in ((value as? String) ?? "").split(separator: " ").compactMap { Int($0) } }
                for key in ["RunningFor", "Status"] {
                    let before = theirsBefore[name]?[key], after = object[key]
                    let mineText = "\(mine[key] ?? "missing")"
                    let between = [before, after].contains { words($0) == words(mine[key]) }
                        && numbers(mine[key]).last.map { value in
                            let bounds = [before, after].compactMap { numbers($0).last }
                            return (bounds.min() ?? value) - 1 <= value && value <= (bounds.max() ?? value) + 1
                        } ?? true
                    #expect(mineText == "\(before ?? "missing")" || mineText == "\(after ?? "missing")" || between,
                            "\(name).\(key): \(mineText) vs compose's \(before ?? "missing") (before) and \(after ?? "missing") (after)")
                }
                // Every field compose prints that plane prints too must have compose's JSON type and, for
                // the identity and state fields, compose's value.
                for key in ["ID", "Name", "Service", "Project", "State", "Health", "ExitCode", "Image"] {
                    #expect("\(mine[key] ?? "missing")" == "\(object[key] ?? "missing")", "\(name).\(key)")
                }
                for (key, value) in object where mine[key] != nil {
                    #expect(type(of: mine[key]!) == type(of: value), "\(name).\(key): \(type(of: mine[key]!)) vs compose's \(type(of: value))")
                }
            }
        }
    }

    @Test("stop, start, restart: dependency order, containers kept (same IDs)")
    func lifecycleOrder() async throws {
        try await Self.withProject { project in
            let before = try await TestEngine.ids(project.name)
            let stop = try await project.plane(["stop", "-t", "1"])
            #expect(stop.status == 0, "\(stop)")
            let stopText = stop.stderr
            let webStopped = try #require(stopText.range(of: "Container \(project.name)-web-1  Stopped"), "\(stop)")
            let databaseStopping = try #require(stopText.range(of: "Container \(project.name)-database-1  Stopping"), "\(stop)")
            #expect(webStopped.lowerBound < databaseStopping.lowerBound, "web (the dependent) stops before database: \(stop)")
            let stopped = try await TestEngine.containers(project.name)
            #expect(stopped.allSatisfy { $0.state == "exited" }, "\(stopped.map { ($0.name ?? "", $0.state ?? "") })")

            let start = try await project.plane(["start"])
            #expect(start.status == 0, "\(start)")
            let databaseStarted = try #require(start.stderr.range(of: "Container \(project.name)-database-1  Started"), "\(start)")
            let webStarting = try #require(start.stderr.range(of: "Container \(project.name)-web-1  Starting"), "\(start)")
            #expect(databaseStarted.lowerBound < webStarting.lowerBound, "database starts before web: \(start)")

            // A negative timeout is accepted as compose and `down -t` take it: wait as long as the container takes.
            let negativeStop = try await project.plane(["stop", "-t", "-5", "web"])
            #expect(negativeStop.status == 0 && negativeStop.stderr.contains("web-1  Stopped"), "\(negativeStop)")
            #expect(try await TestEngine.containers(project.name).first { $0.name == "\(project.name)-web-1" }?.state == "exited", "web stopped")
            let negativeRestart = try await project.plane(["restart", "--timeout=-5", "web"])
            #expect(negativeRestart.status == 0 && negativeRestart.stderr.contains("web-1  Restarted"), "\(negativeRestart)")
            #expect(try await TestEngine.containers(project.name).first { $0.name == "\(project.name)-web-1" }?.state == "running", "web runs again")

            let restart = try await project.plane(["restart", "-t", "1", "web"])
            #expect(restart.status == 0 && restart.stderr.contains("web-1  Restarted") && !restart.stderr.contains("database-1"), "\(restart)")
            let after = try await TestEngine.ids(project.name)
            #expect(after == before, "nothing recreated")
            let running = try await TestEngine.containers(project.name).filter { $0.state == "running" }.compactMap(\.name)
            #expect(Set(running) == ["\(project.name)-web-1", "\(project.name)-database-1", "\(project.name)-once-1"] || Set(running) == ["\(project.name)-web-1", "\(project.name)-database-1"], "\(running)")
        }
    }

    @Test("exec -T: output demultiplexed, -u/-w/-e applied, the command's exit code is plane's")
    func execExitCode() async throws {
        try await Self.withProject { project in
            let ok = try await project.plane(["exec", "-T", "-w", "/etc", "-e", "GREETING=hello", "-u", "65534", "web", "sh", "-c", "echo $GREETING $(pwd) $(id -u); echo to-stderr >&2"])
            #expect(ok.status == 0 && ok.stdout == "hello /etc 65534\n" && ok.stderr.contains("to-stderr"), "\(ok)")
            let failing = try await project.plane(["exec", "-T", "web", "sh", "-c", "exit 7"])
            #expect(failing.status == 7, "\(failing)")
            let compose = try await project.compose(["exec", "-T", "web", "sh", "-c", "exit 7"])
            #expect(compose.status == failing.status, "compose exits \(compose.status)")
            let unknown = try await project.plane(["exec", "-T", "wbe", "true"])
            #expect(unknown.status == 2 && unknown.stderr.contains("did you mean \"web\"?"), "\(unknown)")
            let notRunning = try await project.plane(["exec", "-T", "once", "true"])
            #expect(notRunning.status == 1 && notRunning.stderr.contains("not running"), "\(notRunning)")
        }
    }

    @Test("plan --format json: a versioned document of typed steps (cause code, service, intent with the old container) and a summary; doctor --format json: every probe with its status")
    func planAndDoctorJSON() async throws {
        try await Self.withProject { project in
            func document(_ result: PlaneProcess.Result) throws -> [String: Any] {
                try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "one JSON document: \(result)")
            }
            let idle = try await project.plane(["plan", "--skip-lint", "--format", "json"])
            #expect(idle.status == 0, "\(idle)")
            let upToDate = try document(idle)
            #expect(upToDate["version"] as? Int == 1 && upToDate["outcome"] as? String == "up-to-date" && upToDate["exitCode"] as? Int == 0, "\(upToDate)")
            #expect(Set(upToDate["upToDate"] as? [String] ?? []).isSuperset(of: ["web", "database"]), "\(upToDate)")
            #expect((upToDate["summary"] as? [String: Any])?["writes"] as? Int == 0, "\(upToDate)")

            let webID = try #require(try await TestEngine.containers(project.name).first { $0.name == "\(project.name)-web-1" }?.id)
            let changed = Self.compose.replacingOccurrences(of: "echo web-err >&2; exec sleep 3600", with: "echo web-err >&2; exec sleep 3601")
            try changed.write(to: project.directory.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
            let pending = try await project.plane(["plan", "--skip-lint", "--format", "json"])
            #expect(pending.status == 2, "changes pending: \(pending)")
            let plan = try document(pending)
            #expect(plan["outcome"] as? String == "changes" && plan["project"] as? String == project.name, "\(plan)")
            let steps = try #require(plan["steps"] as? [[String: Any]])
            let create = try #require(steps.first { $0["action"] as? String == "create" }, "\(steps)")
            #expect(create["service"] as? String == "web" && create["target"] as? String == "container \(project.name)-web-1", "\(create)")
            let cause = try #require(create["cause"] as? [String: Any])
            #expect(cause["code"] as? String == "definition-changed" && (cause["text"] as? String)?.contains("recreate web") == true, "\(cause)")
            let intent = try #require(create["intent"] as? [String: Any], "\(create)")
            #expect(intent["kind"] as? String == "replace" && intent["service"] as? String == "web", "\(intent)")
            #expect((intent["old"] as? [String: Any])?["id"] as? String == webID, "the old container by ID: \(intent)")
            #expect(steps.allSatisfy { ($0["text"] as? String)?.isEmpty == false && $0["id"] is Int && $0["after"] is [Int] }, "\(steps)")
            let summary = try #require(plan["summary"] as? [String: Any])
            #expect(summary["changedServices"] as? [String] == ["web"] && (summary["writes"] as? Int ?? 0) > 0 && summary["blocked"] as? Bool == false, "\(summary)")
            #expect((summary["actions"] as? [String: Int])?["create"] == 1, "\(summary)")
            #expect(try await TestEngine.containers(project.name).first { $0.name == "\(project.name)-web-1" }?.id == webID, "plan changed nothing")

            let doctor = try await PlaneProcess.run(["doctor", "--format", "json"], in: project.directory, environment: project.environment)
            #expect(doctor.status == 0, "\(doctor)")
            let report = try document(doctor)
            #expect(report["version"] as? Int == 1 && report["outcome"] as? String == "ok" && report["exitCode"] as? Int == 0, "\(report)")
            let probes = try #require(report["probes"] as? [[String: Any]])
            #expect(probes.count == AccessProbe.all.count, "every probe: \(probes.count)")
            #expect(probes.allSatisfy { $0["status"] as? String == "allowed" && $0["cause"] == nil && ($0["route"] as? String)?.hasPrefix("/") == true }, "\(probes)")
            #expect((report["summary"] as? [String: Any])?["allowed"] as? Int == probes.count, "\(report)")
            #expect((report["engine"] as? [String: Any])?["source"] as? String == "DOCKER_HOST", "\(report)")
        }
    }

    @Test("up --force-recreate web: web gets a new container, its dependency keeps its own")
    func forceRecreate() async throws {
        try await Self.withProject { project in
            let before = try await TestEngine.ids(project.name)
            let plan = try await project.plane(["plan"])
            #expect(plan.status == 0, "nothing to do first: \(plan)")
            let up = try await project.plane(["up", "--skip-lint", "--force-recreate", "web", "--format", "json"])
            #expect(up.status == 0, "\(up)")
            #expect(up.stdout.contains(#""message":"#) && up.stdout.hasSuffix(#"{"version":1,"event":"result","outcome":"succeeded","exitCode":0}"# + "\n"), "\(up)")
            let after = try await TestEngine.ids(project.name)
            #expect(after["\(project.name)-web-1"] != nil && after["\(project.name)-web-1"] != before["\(project.name)-web-1"], "web recreated")
            #expect(after["\(project.name)-database-1"] == before["\(project.name)-database-1"], "database kept")
        }
    }

    @Test("up --dry-run and up --verify with --format json: every stdout line is a versioned event; the plan and the health report are events of the stream")
    func documentsAreEvents() async throws {
        try await Self.withProject { project in
            func events(_ result: PlaneProcess.Result) throws -> [[String: Any]] {
                try result.stdout.split(separator: "\n").map { line in
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not one JSON line: \(line)")
                    #expect(object["version"] as? Int == 1, "\(line)")
                    return object
                }
            }
            let changed = Self.compose.replacingOccurrences(of: "echo web-err >&2; exec sleep 3600", with: "echo web-err >&2; exec sleep 3601")
            try changed.write(to: project.directory.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
            let dry = try await project.plane(["up", "--skip-lint", "--dry-run", "--format", "json"])
            let dryEvents = try events(dry)
            let plan = try #require(dryEvents.first { $0["event"] as? String == "plan" }?["plan"] as? [String: Any], "\(dry)")
            #expect(plan["outcome"] as? String == "changes" && (plan["steps"] as? [Any])?.isEmpty == false, "\(dry)")
            #expect(dryEvents.last?["event"] as? String == "result", "\(dry)")

            let verify = try await project.plane(["up", "--skip-lint", "--verify", "--format", "json"])
            let verifyEvents = try events(verify)
            let report = try #require(verifyEvents.first { $0["event"] as? String == "health" }?["report"] as? [String: Any], "\(verify)")
            #expect(report["results"] is [Any], "\(verify)")
            #expect(verifyEvents.last?["event"] as? String == "result", "\(verify)")
        }
    }

    @Test("mistakes are errors: unknown service or profile (exit 2, nearest name), nothing selected (exit 1 as compose)")
    func mistakes() async throws {
        try await Self.withProject { project in
            for arguments in [["logs", "wbe"], ["ps", "databse"], ["stop", "wbe"], ["restart", "wbe"], ["start", "wbe"], ["pull", "wbe"]] {
                let result = try await project.plane(arguments)
                #expect(result.status == 2, "\(arguments): \(result)")
                #expect(result.stderr.contains("no such service: \(arguments[1])") && result.stderr.contains("did you mean"), "\(arguments): \(result)")
            }
            let profile = try await project.plane(["--profile", "tool", "ps"])
            #expect(profile.status == 2 && profile.stderr.contains("did you mean \"tools\"?"), "\(profile)")
            let lint = try await project.plane(["--profile", "tool", "lint"])
            #expect(lint.status == 2, "lint with an unknown profile: \(lint)")
        }
        let onlyProfiles = """
            services:
              tool:
                image: local/busybox:1
                profiles: [tools]
            """
        try await Self.withProject(onlyProfiles, up: false) { project in
            let compose = try await project.compose(["up", "-d"])
            #expect(compose.status == 1 && compose.stderr.contains("no service selected"), "the oracle: \(compose)")
            for arguments in [["up", "--skip-lint"], ["plan"]] {
                let result = try await project.plane(arguments)
                #expect(result.status == 1 && result.stderr.contains("no service selected"), "\(arguments): \(result)")
            }
        }
    }

    @Test("config SVC...: the services named and their dependencies, the same model as docker compose config SVC...")
    func configOfServices() async throws {
        let text = """
            services:
              database: {image: local/busybox:1, networks: [back], volumes: ["data:/data"]}
              web: {image: local/busybox:1, depends_on: [database], networks: [front, back]}
              other: {image: local/busybox:1, networks: [front]}
            networks: {front: {}, back: {}}
            volumes: {data: {}}
            """
        try await Self.withProject(text, up: false) { project in
            for selection in [["web"], ["other"], ["database", "other"]] {
                let plane = try await project.plane(["config", "--format", "json"] + selection)
                let compose = try await project.compose(["config", "--format", "json"] + selection)
                #expect(plane.status == 0, "\(plane)")
                let ours = try JSONSerialization.jsonObject(with: Data(plane.stdout.utf8)) as? NSDictionary
                let theirs = try JSONSerialization.jsonObject(with: Data(compose.stdout.utf8)) as? NSDictionary
                #expect(ours != nil && ours == theirs, "\(selection)\nplane: \(plane.stdout)\ncompose: \(compose.stdout)")
            }
            let unknown = try await project.plane(["config", "wbe"])
            #expect(unknown.status == 2 && unknown.stderr.contains("did you mean \"web\"?"), "\(unknown)")
        }
    }

    @Test("another state folder (another user, HOME or PLANE_STATE_DIR) makes the same decisions: nothing to do")
    func stateFolderMoved() async throws {
        try await Self.withProject { project in
            let other = project.directory.appendingPathComponent("other-state").path
            let plan = try await project.plane(["plan"], environment: ["PLANE_STATE_DIR": other, "HOME": "/nonexistent"])
            #expect(plan.status == 0, "a new label key must not recreate: \(plan)")
            let before = try await TestEngine.ids(project.name)
            let up = try await project.plane(["up", "--skip-lint"], environment: ["PLANE_STATE_DIR": other])
            let after = try await TestEngine.ids(project.name)
            #expect(up.status == 0 && after == before, "\(up)")
        }
    }

    @Test("--version, -H before the subcommand, DOCKER_CONTEXT honoured and DOCKER_HOST winning over it")
    func hostAndContext() async throws {
        try await Self.withProject { project in
            let version = try await project.plane(["--version"])
            #expect(version.status == 0 && version.stdout.hasPrefix("plane \(PlaneVersion.version) (commit "), "\(version)")
            let host = try TestEngine.requireHost()
            var noHost = project.environment
            noHost["DOCKER_HOST"] = nil
            let flagged = try await PlaneProcess.run(["-H", host, "-p", project.name, "ps", "-q"], in: project.directory, environment: noHost)
            #expect(flagged.status == 0 && flagged.stdout.split(separator: "\n").count == 2, "\(flagged)")

            // A docker context as `docker context create` stores it.
            let config = project.directory.appendingPathComponent("docker-config")
            var hasher = SHA256()
            hasher.update(Array("plane-test".utf8))
            let meta = config.appendingPathComponent("contexts/meta/\(HMAC.hex(hasher.finalize()))")
            try FileManager.default.createDirectory(at: meta, withIntermediateDirectories: true)
            try #"{"Name":"plane-test","Metadata":{},"Endpoints":{"docker":{"Host":"\#(host)","SkipTLSVerify":false}}}"#
                .write(to: meta.appendingPathComponent("meta.json"), atomically: true, encoding: .utf8)
            try #"{"currentContext":"plane-test"}"#.write(to: config.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
            noHost["DOCKER_CONFIG"] = config.path
            let viaContext = try await project.plane(["ps", "-q"], environment: ["DOCKER_CONFIG": config.path, "DOCKER_HOST": ""])
            #expect(viaContext.status == 0 && viaContext.stdout.split(separator: "\n").count == 2, "currentContext: \(viaContext)")
            let missing = try await project.plane(["ps", "-q"], environment: ["DOCKER_CONFIG": config.path, "DOCKER_HOST": "", "DOCKER_CONTEXT": "nope"])
            #expect(missing.status == 3 && missing.stderr.contains("docker context \"nope\" does not exist"), "\(missing)")
            let hostWins = try await project.plane(["ps", "-q"], environment: ["DOCKER_CONFIG": config.path, "DOCKER_HOST": "unix:///nonexistent.sock"])
            #expect(hostWins.status == 3, "DOCKER_HOST wins over the context: \(hostWins)")
        }
    }

    @Test("a socket this user may not open is named as a permission problem, not a stopped dockerd")
    func permissionDenied() async throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let socket = try TestEngine.socketPath()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-perm-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = try #require(PlaneProcess.binary)
        let result = try await PlaneProcess.runProgram(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary, "-H", "unix://\(socket)", "-p", "x", "ps"],
            in: dir, environment: ["HOME": dir.path, "NO_COLOR": "1"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains("may not open") && !result.stderr.contains("is dockerd running"), "\(result)")
    }
}
