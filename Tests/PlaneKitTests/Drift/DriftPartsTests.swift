import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// The parts of `plane drift` that need no engine: spans, the live-settings comparison, the textfile
/// (checked by the real promtool) and the systemd units (checked by the real systemd-analyze).
@Suite("drift parts")
struct DriftPartsTests {
    @Test("time spans as systemd writes them")
    func spans() {
        #expect(TimeSpan("15min")?.seconds == 900)
        #expect(TimeSpan("1h30min")?.seconds == 5400)
        #expect(TimeSpan("90")?.seconds == 90)
        #expect(TimeSpan("2d")?.seconds == 172_800)
        for bad in ["", "0", "10 parsecs", "min", "5x", "-3s"] { #expect(TimeSpan(bad) == nil, "\(bad)") }
    }

    @Test("live settings: unset equals the engine's default; docker update's edits are named with both values")
    func liveSettings() {
        var files = Engine.HostConfig()
        files.restartPolicy = Engine.RestartPolicy(name: "unless-stopped")
        files.memory = 64 << 20
        var engine = files
        engine.memorySwap = 128 << 20  // derived by the engine, not set by the files
        engine.shmSize = 67_108_864
        #expect(LiveSettings.changes(files: files, engine: engine).isEmpty)
        #expect(LiveSettings.changes(files: Engine.HostConfig(), engine: { var h = Engine.HostConfig(); h.restartPolicy = .init(name: "no"); h.pidsLimit = -1; return h }()).isEmpty)

        engine.restartPolicy = Engine.RestartPolicy(name: "no")
        engine.nanoCpus = 500_000_000
        let changes = LiveSettings.changes(files: files, engine: engine)
        #expect(changes == [
            .liveEdited(field: "restart policy", engine: "no", files: "unless-stopped"),
            .liveEdited(field: "cpus", engine: "0.5", files: "unlimited"),
        ])
        #expect(changes.map(\.code) == ["live-edited", "live-edited"])
        #expect(changes[0].text == "restart policy was changed on the engine (no; the files say unless-stopped)")
    }

    static let update = UpdateAvailable(service: "radarr", image: "lscr.io/linuxserver/radarr:5",
                                        from: "lscr.io/linuxserver/radarr@sha256:" + String(repeating: "a1", count: 32),
                                        to: "sha256:" + String(repeating: "b2", count: 32))

    static func metrics(status: DriftStatus = .drift, updates: [UpdateAvailable]? = nil) -> DriftMetrics {
        DriftMetrics(project: "vm300", status: status, items: [
            DriftItem(service: "radarr", direction: .filesToEngine, code: "secret-changed", text: "secret x changed", fix: "plane up radarr"),
            DriftItem(service: "radarr", direction: .engineToFiles, code: "live-edited", text: "restart", fix: "plane drift --fix radarr"),
            DriftItem(service: "radarr", direction: .engineToFiles, code: "network-missing", text: "net", fix: "plane up radarr"),
            DriftItem(service: "we\"ird", direction: .engineToFiles, code: "orphan", text: "orphan", fix: "remove"),
        ], finishedAt: Date(timeIntervalSince1970: 1_790_000_000.5), seconds: 0.0421, updates: updates)
    }

    @Test("an update available: one line with the short digests, from the upgrade lookup's candidates that run and differ")
    func updateAvailable() {
        #expect(Self.update.line == "radarr update-available: lscr.io/linuxserver/radarr:5 sha256:a1a1a1a1a1a1 -> sha256:b2b2b2b2b2b2 (not drift); plane upgrade radarr")
        #expect(UpdateAvailable.short(nil) == "none")
        var candidate = Upgrade.Candidate(service: "radarr", profile: "medias", stage: 2, image: "r:5")
        candidate.remoteDigest = "sha256:" + String(repeating: "b2", count: 32)
        #expect(UpdateAvailable(candidate) == nil, "no container: the service's own drift item says so, not an update")
        candidate.runningImage = "sha256:" + String(repeating: "c3", count: 32)
        candidate.runningDigest = "r@" + candidate.remoteDigest!
        #expect(UpdateAvailable(candidate) == nil, "the running image is the registry's")
        candidate.runningDigest = "r@sha256:" + String(repeating: "a1", count: 32)
        #expect(UpdateAvailable(candidate)?.line == "radarr update-available: r:5 sha256:a1a1a1a1a1a1 -> sha256:b2b2b2b2b2b2 (not drift); plane upgrade radarr")
        candidate.skip = .lookupFailed(image: "r:5", error: "connection refused")
        #expect(UpdateAvailable(candidate) == nil && candidate.lookupFailed)
        #expect(candidate.problem == "the registry's digest of r:5 is unknown: connection refused")
        candidate.skip = .pinnedByDigest
        #expect(!candidate.lookupFailed, "pinned by digest is not a failed lookup")
    }

    @Test("the textfile: no sample timestamps, items counted by service and direction, written by rename")
    func textfile() throws {
        let text = Self.metrics().text
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let value = line.split(separator: "}").last!.split(separator: " ")
            #expect(value.count == 1, "one value and no timestamp: \(line)")
        }
        #expect(text.contains("plane_drift_items{project=\"vm300\",service=\"radarr\",direction=\"engine->files\"} 2\n"))
        #expect(text.contains("plane_drift_items{project=\"vm300\",service=\"radarr\",direction=\"files->engine\"} 1\n"))
        #expect(text.contains("service=\"we\\\"ird\""))
        #expect(text.contains("plane_drift_status{project=\"vm300\"} 2\n"))
        #expect(text.contains("plane_drift_last_run_timestamp_seconds{project=\"vm300\"} 1790000000.500\n"))
        #expect(!text.contains("plane_drift_updates_available"), "the registry was not asked: no updates gauge")
        #expect(Self.metrics(updates: []).text.contains("plane_drift_updates_available{project=\"vm300\"} 0\n"))
        #expect(Self.metrics(updates: [Self.update]).text.contains("plane_drift_updates_available{project=\"vm300\"} 1\n"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plane-textfile-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.metrics(status: .held).write(to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["plane_drift_vm300.prom"])
        #expect(try String(contentsOfFile: folder + "/plane_drift_vm300.prom", encoding: .utf8).contains("plane_drift_status{project=\"vm300\"} 5\n"))
    }

    static func tool(_ name: String, under relative: String) -> String? {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(relative).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for folder in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return nil
    }

    @Test("promtool check metrics accepts the textfile")
    func promtool() async throws {
        guard let promtool = Self.tool("promtool", under: ".tools/health/root/usr/bin/promtool") else {
            #expect(!TestEngine.isCI, "CI must install promtool (scripts/health-env.sh install)")
            return
        }
        for status in DriftStatus.allCases {
            for updates in [nil, [], [Self.update]] as [[UpdateAvailable]?] {
                let result = try await PlaneProcess.runProgram(promtool, ["check", "metrics"], in: URL(fileURLWithPath: "/"), environment: [:],
                                                               stdin: Self.metrics(status: status, updates: updates).text)
                #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "promtool (\(status), updates \(String(describing: updates))): \(result)")
            }
        }
        let empty = DriftMetrics(project: "vm300", status: .clean, items: [], finishedAt: Date(), seconds: 0.01)
        let result = try await PlaneProcess.runProgram(promtool, ["check", "metrics"], in: URL(fileURLWithPath: "/"), environment: [:], stdin: empty.text)
        #expect(result.status == 0, "promtool on a clean run: \(result)")
    }

    static func units(executable: String, folder: String) -> DriftUnits {
        DriftUnits(project: "vm300", executable: executable,
                   arguments: ["drift", "-p", "vm300", "--project-directory", folder, "-f", folder + "/my compose.yaml", "--textfile", folder + "/100%"],
                   workingDirectory: folder,
                   environment: [("PLANE_STATE_DIR", folder + "/state dir"), ("PLANE_TRIGGER", "timer"), ("DOCKER_HOST", "unix:///run/docker.sock")],
                   interval: TimeSpan("15min")!)
    }

    @Test("the units: oneshot, explicit environment, SuccessExitStatus=2, RandomizedDelaySec, no Persistent=; systemd-analyze verify is silent")
    func systemdUnits() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plane-units-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let units = Self.units(executable: PlaneProcess.binary ?? "/bin/true", folder: folder)
        #expect(units.serviceText.contains("Type=oneshot\n"))
        #expect(units.serviceText.contains("SuccessExitStatus=2 4 5\n"))
        #expect(units.serviceText.contains("Environment=\"PLANE_STATE_DIR=\(folder)/state dir\"\n"))
        #expect(units.serviceText.contains("\"\(folder)/100%%\""))
        #expect(units.timerText.contains("RandomizedDelaySec=90s\n"))
        #expect(!units.timerText.contains("Persistent"))
        #expect(!units.serviceText.contains("HOME"))
        try units.serviceText.write(toFile: "\(folder)/\(units.serviceName)", atomically: true, encoding: .utf8)
        try units.timerText.write(toFile: "\(folder)/\(units.timerName)", atomically: true, encoding: .utf8)

        guard let analyze = Self.tool("systemd-analyze", under: ".tools/systemd-analyze") else {
            #expect(!TestEngine.isCI, "CI must install systemd (scripts/install-deps.sh)")
            return
        }
        let result = try await PlaneProcess.runProgram(analyze, ["verify", "\(folder)/\(units.serviceName)", "\(folder)/\(units.timerName)"],
                                                       in: URL(fileURLWithPath: folder), environment: [:])
        #expect(result.status == 0 && result.stderr.isEmpty && result.stdout.isEmpty, "systemd-analyze verify: \(result)")

        // The check has teeth: a misspelt key is only a warning (rc 0), which the empty-stderr rule catches.
        try units.timerText.replacingOccurrences(of: "AccuracySec", with: "Persistant").write(toFile: "\(folder)/\(units.timerName)", atomically: true, encoding: .utf8)
        let bad = try await PlaneProcess.runProgram(analyze, ["verify", "\(folder)/\(units.serviceName)", "\(folder)/\(units.timerName)"],
                                                    in: URL(fileURLWithPath: folder), environment: [:])
        #expect(!bad.stderr.isEmpty, "a misspelt key must show on stderr")
    }
}
