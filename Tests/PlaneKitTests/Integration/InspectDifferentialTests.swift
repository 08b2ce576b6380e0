import Foundation
import Testing
@testable import PlaneKit

/// The container plane creates is the container compose creates (issue 13): every project of
/// Resources/InspectCorpus is brought up by docker compose v2.40.3 (`up -d`), inspected and taken
/// down, then brought up by plane under the same project name and inspected; `HostConfig`,
/// `Config` and `NetworkSettings.Networks` of each service's container must be equal field by
/// field after the normalisations below. Both sides run one after the other, so fixed addresses,
/// MACs, names and ports never clash.
///
/// Normalised (not differences): container IDs (compose names other containers by ID in
/// `VolumesFrom`, `*Mode: container:` and the hostname of a shared network namespace; plane by
/// name), the container's own ID as default hostname, plane's `dev.plane.*` labels, the order of
/// lists compose builds from Go maps (Binds, Mounts, Ulimits, ExtraHosts, Env), and the per-run
/// endpoint fields the Engine assigns at start (IDs, gateway, dynamic IP and MAC, the ID alias).
///
/// Documented exceptions (docs/COMPOSE-ORACLE-NOTES.md, "Inspect differential"):
/// - `com.docker.compose.config-hash`: plane writes its own hash of the canonical definition; the
///   value differs from compose's Go-struct hash (both change exactly when the definition does).
/// - `VolumesFrom` mode: compose drops `:ro`/`:rw` when it resolves a service to a container ID
///   (pkg/compose/convergence.go resolveVolumeFrom), so `volumes_from: [db:ro]` mounts read-write;
///   plane keeps the mode as written. Compared without the mode, and plane's mode checked apart.
@Suite("inspect differential: plane's containers against compose's", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct InspectDifferentialTests {
    static let corpus = UpFixture.resource("InspectCorpus")
    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: corpus.appendingPathComponent($0).appendingPathComponent("compose.yaml").path) }
            .sorted()
    }

    @Test("every attribute group of the corpus gives the same HostConfig, Config and endpoints", arguments: cases)
    func sameContainer(_ name: String) async throws {
        let run = try InspectRun(name)
        let composed: [String: [String: Any]], planed: [String: [String: Any]]
        do {
            composed = try await run.composeUp()
            planed = try await run.planeUp()
        } catch {
            await run.cleanUp()
            throw error
        }
        await run.cleanUp()
        #expect(Set(composed.keys) == Set(planed.keys), "services compose ran: \(composed.keys.sorted()), plane: \(planed.keys.sorted())")
        var differences: [String] = []
        for service in composed.keys.sorted() {
            guard let theirs = composed[service], let ours = planed[service] else { continue }
            differences += Self.diff(theirs, ours, path: "\(name)/\(service)")
        }
        #expect(differences.isEmpty, "\(differences.count) difference(s):\n\(differences.joined(separator: "\n"))")
        if name == "links" {
            let volumesFrom = planed["app"]?["_VolumesFromAsCreated"] as? [String]
            #expect(volumesFrom == ["\(run.project)-db-1:ro"], "plane keeps the volumes_from mode: \(String(describing: volumesFrom))")
        }
    }

    @Test("scale: plane runs N containers as compose does, lowers and raises N without touching the others, and compose sees them up to date")
    func scaleTransitions() async throws {
        let run = try InspectRun("scale")
        let file = run.directory.appendingPathComponent("compose.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        func containers() async throws -> [String: String] { try await TestEngine.ids(run.project) }
        let p = run.project
        let up = try await run.plane([])
        #expect(up.status == 0, "\(up)")
        let first = try await containers()
        #expect(Set(first.keys) == ["\(p)-scaled-1", "\(p)-scaled-2", "\(p)-scaled-3", "\(p)-replicated-1", "\(p)-replicated-2", "\(p)-single-1"])

        // compose sees plane's containers as its own: nothing recreated, none added or removed.
        let composeUp = try await run.compose(["up", "-d"])
        #expect(composeUp.status == 0, "\(composeUp)")
        #expect(try await containers() == first, "compose recreated or changed plane's scaled containers")

        // Lowered: the highest numbers go, the others are the same containers.
        try original.replacingOccurrences(of: "scale: 3", with: "scale: 1").replacingOccurrences(of: "replicas: 2", with: "replicas: 0")
            .write(to: file, atomically: true, encoding: .utf8)
        let lower = try await run.plane([])
        #expect(lower.status == 0, "\(lower)")
        let lowered = try await containers()
        #expect(lowered == first.filter { ["\(p)-scaled-1", "\(p)-single-1"].contains($0.key) }, "\(lowered)")

        // Raised again: new containers 2 and 3, container 1 kept.
        try original.write(to: file, atomically: true, encoding: .utf8)
        let raise = try await run.plane([])
        #expect(raise.status == 0, "\(raise)")
        let raised = try await containers()
        #expect(raised.count == 6 && raised["\(p)-scaled-1"] == first["\(p)-scaled-1"] && raised["\(p)-scaled-2"] != first["\(p)-scaled-2"])
        #expect(!raise.stdout.contains("\(p)-scaled-1:") && !raise.stderr.contains("scaled-1:"), "scaled-1 was touched: \(raise)")

        // A negative count is refused naming the key, and nothing changes.
        try original.replacingOccurrences(of: "scale: 3", with: "scale: -1").write(to: file, atomically: true, encoding: .utf8)
        let negative = try await run.plane([])
        #expect(negative.status != 0 && negative.stderr.contains("services.scaled.scale"), "\(negative)")
        #expect(try await containers() == raised)
        await run.cleanUp()
    }

    @Test("plane -p NAME down with a missing or a broken compose file removes the project's containers and networks by label")
    func downByLabels() async throws {
        for broken in [false, true] {
            let run = try InspectRun("networks")
            do {
                let up = try await run.compose(["up", "-d"])
                #expect(up.status == 0, "\(up)")
                let file = run.directory.appendingPathComponent("compose.yaml")
                if broken {
                    try "services:\n  multi: [not, a, mapping\n".write(to: file, atomically: true, encoding: .utf8)
                } else {
                    try FileManager.default.removeItem(at: file)
                }
                let down = try await PlaneProcess.run(
                    ["down", "-p", run.project, "--host", try TestEngine.requireHost()], in: run.directory,
                    environment: ["PLANE_STATE_DIR": run.state.path, "HOME": run.state.path, "NO_COLOR": "1"])
                #expect(down.status == 0, "\(down)")
                #expect(down.stderr.contains("taking down project \(run.project) by its labels"), "\(down)")
                #expect(try await TestEngine.containers(run.project).isEmpty)
                let client = try await TestEngine.client()
                #expect(try await client.listNetworks(filters: .label(ComposeLabel.project, run.project)).isEmpty)
            } catch {
                await run.cleanUp()
                throw error
            }
            await run.cleanUp()
        }
    }

    // MARK: Normalisation and comparison

    /// `HostConfig`, `Config` and the endpoints of one inspected container, normalised.
    static func normalised(_ inspect: [String: Any], names: [String: String]) -> [String: Any] {
        let id = inspect["Id"] as? String ?? ""
        func named(_ text: String) -> String {
            var text = text
            for (id, name) in names { text = text.replacingOccurrences(of: id, with: name) }
            return text
        }
        var host = inspect["HostConfig"] as? [String: Any] ?? [:]
        var config = inspect["Config"] as? [String: Any] ?? [:]
        if let hostname = config["Hostname"] as? String {
            for (other, name) in names where other.prefix(12) == hostname { config["Hostname"] = "<id of \(name)>" }
        }
        if let env = config["Env"] as? [String] { config["Env"] = env.sorted() }
        var labels = config["Labels"] as? [String: String] ?? [:]
        for key in labels.keys where key.hasPrefix("dev.plane.") { labels[key] = nil }
        if labels[ComposeLabel.configHash] != nil { labels[ComposeLabel.configHash] = "<definition hash>" }
        config["Labels"] = labels

        if let from = host["VolumesFrom"] as? [String] {
            host["VolumesFrom"] = from.map { entry -> String in
                let resolved = named(entry)
                // The documented exception: compose drops the mode.
                if resolved.hasSuffix(":ro") || resolved.hasSuffix(":rw") { return String(resolved.dropLast(3)) }
                return resolved
            }
        }
        for key in ["IpcMode", "PidMode", "NetworkMode"] {
            if let mode = host[key] as? String { host[key] = named(mode) }
        }
        for key in ["Binds", "ExtraHosts"] {
            if let list = host[key] as? [String] { host[key] = list.sorted() }
        }
        if let mounts = host["Mounts"] as? [[String: Any]] {
            host["Mounts"] = mounts.sorted { ($0["Target"] as? String ?? "") < ($1["Target"] as? String ?? "") }
        }
        if let ulimits = host["Ulimits"] as? [[String: Any]] {
            host["Ulimits"] = ulimits.sorted { ($0["Name"] as? String ?? "") < ($1["Name"] as? String ?? "") }
        }

        var endpoints: [String: Any] = [:]
        let networks = (inspect["NetworkSettings"] as? [String: Any])?["Networks"] as? [String: Any] ?? [:]
        for (network, value) in networks {
            guard var endpoint = value as? [String: Any] else { continue }
            for key in ["NetworkID", "EndpointID", "Gateway", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "MacAddress", "DNSNames"] {
                endpoint[key] = nil
            }
            let fixedIPv4 = ((endpoint["IPAMConfig"] as? [String: Any])?["IPv4Address"] as? String).map { !$0.isEmpty } ?? false
            if !fixedIPv4 { endpoint["IPAddress"] = nil }
            if let aliases = endpoint["Aliases"] as? [String] { endpoint["Aliases"] = aliases.filter { $0 != String(id.prefix(12)) } }
            endpoints[network] = endpoint
        }
        // Kept apart for the check of the documented exception; not compared.
        let asCreated = ((inspect["HostConfig"] as? [String: Any])?["VolumesFrom"] as? [String])?.map(named) ?? []
        return ["HostConfig": host, "Config": config, "Networks": endpoints, "_VolumesFromAsCreated": asCreated]
    }

    /// Field-by-field differences (`path: compose=... plane=...`).
    static func diff(_ compose: Any?, _ plane: Any?, path: String) -> [String] {
        if let a = compose as? [String: Any], let b = plane as? [String: Any] {
            return Set(a.keys).union(b.keys).filter { !$0.hasPrefix("_") }.sorted().flatMap { diff(a[$0], b[$0], path: path + "." + $0) }
        }
        let left = json(compose), right = json(plane)
        return left == right ? [] : ["\(path): compose=\(left) plane=\(right)"]
    }

    static func json(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// One corpus project copied to a fresh folder, with a free 10.199.x subnet in its `.env`.
struct InspectRun {
    let name: String
    let directory: URL
    let project: String
    let state: URL

    init(_ name: String) throws {
        self.name = name
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-inspect-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.copyItem(at: InspectDifferentialTests.corpus.appendingPathComponent(name), to: directory)
        try UpFixture.protectSecrets(in: directory)
        try "SUBNET_OCTET=\(Int.random(in: 1...250))\n".write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        project = TestEngine.projectName("pi-\(name.prefix(10))")
        state = directory.appendingPathComponent(".plane-state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    }

    func cleanUp() async {
        await TestEngine.removeProject(project)
        try? FileManager.default.removeItem(at: directory)
    }

    func compose(_ arguments: [String]) async throws -> PlaneProcess.Result {
        guard let oracle = ComposeOracle.binary else { throw SetupError("docker compose (the oracle) is not installed: scripts/install-deps.sh") }
        return try await PlaneProcess.runProgram(oracle, ["-p", project] + arguments, in: directory,
                                                 environment: ["DOCKER_HOST": try TestEngine.requireHost(), "HOME": state.path])
    }

    func plane(_ arguments: [String]) async throws -> PlaneProcess.Result {
        try await PlaneProcess.run(["up", "-p", project, "--skip-lint", "--host", try TestEngine.requireHost()] + arguments, in: directory,
                                   environment: ["PLANE_STATE_DIR": state.path, "HOME": state.path, "NO_COLOR": "1"])
    }

    /// compose up, inspect, compose down -v.
    func composeUp() async throws -> [String: [String: Any]] {
        let up = try await compose(["up", "-d"])
        guard up.status == 0 else {
            _ = try? await compose(["down", "-v", "-t", "0"])
            throw SetupError("docker compose up failed for \(name):\n\(up)")
        }
        let result = try await inspectProject()
        // compose's own down can fail on dockerd 20.10's late endpoint release ("has active
        // endpoints", seen in CI); asked again as an operator would (plane's down waits for it).
        var down = try await compose(["down", "-v", "-t", "0"])
        for _ in 0..<5 where down.status != 0 && down.stderr.contains("has active endpoints") {
            try await Task.sleep(for: .seconds(1))
            down = try await compose(["down", "-v", "-t", "0"])
        }
        guard down.status == 0 else { throw SetupError("docker compose down failed for \(name):\n\(down)") }
        return result
    }

    /// plane up (services named in `first` before the rest: plane does not yet order the create of
    /// a container after the containers it names, see the notes), inspect.
    func planeUp() async throws -> [String: [String: Any]] {
        let firstFile = directory.appendingPathComponent("first")
        if let first = try? String(contentsOf: firstFile, encoding: .utf8) {
            let result = try await plane(first.split(whereSeparator: \.isWhitespace).map(String.init))
            guard result.status == 0 else { throw SetupError("plane up (first) failed for \(name):\n\(result)") }
        }
        let result = try await plane([])
        guard result.status == 0 else { throw SetupError("plane up failed for \(name):\n\(result)") }
        return try await inspectProject()
    }

    /// Normalised inspect of each service's container, by service.
    func inspectProject() async throws -> [String: [String: Any]] {
        let filters = "{\"label\":[\"com.docker.compose.project=\(project)\"]}"
        let encoded = filters.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? filters
        guard let list = try await engine("/containers/json?all=1&filters=\(encoded)") as? [[String: Any]] else {
            throw SetupError("cannot list the containers of \(project)")
        }
        var names: [String: String] = [:]
        for container in list {
            guard let id = container["Id"] as? String, let name = (container["Names"] as? [String])?.first else { continue }
            names[id] = String(name.dropFirst())
        }
        var result: [String: [String: Any]] = [:]
        for id in names.keys {
            guard let inspect = try await engine("/containers/\(id)/json") as? [String: Any],
                  let service = ((inspect["Config"] as? [String: Any])?["Labels"] as? [String: String])?[ComposeLabel.service] else { continue }
            // A scaled service's containers: `service`, `service#2`, `service#3`...
            let number = ((inspect["Config"] as? [String: Any])?["Labels"] as? [String: String])?[ComposeLabel.containerNumber] ?? "1"
            result[number == "1" ? service : "\(service)#\(number)"] = InspectDifferentialTests.normalised(inspect, names: names)
        }
        return result
    }

    /// A GET on the test dockerd, raw JSON (every field, not only those plane decodes).
    func engine(_ path: String) async throws -> Any {
        let socket = try TestEngine.socketPath()
        let result = try await PlaneProcess.runProgram(
            "/usr/bin/curl", ["-sS", "--max-time", "30", "--unix-socket", socket, "http://localhost\(path)"], in: directory, environment: [:])
        guard result.status == 0 else { throw SetupError("GET \(path): \(result.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}
