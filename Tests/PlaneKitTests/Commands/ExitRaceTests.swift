import Foundation
import Testing

/// Commands with engine flags start loading libcurl on another thread while they load the project
/// (`Engine.prepareTransport`). One that fails before it needs the engine exits while that thread may
/// still be inside dlopen or curl_global_init; exit handlers (OpenSSL's cleanup) running under it
/// crashed about 1 run in 20-60 (SIGSEGV, SIGABRT) until the exit waited for the load
/// (`Engine.settleTransport`). A race, so many runs: before the fix 120 runs failed almost surely.
@Suite struct ExitRaceTests {
    @Test("a command failing on its compose file right away exits 2 every time (120 runs), never a crash")
    func fastFailureNeverCrashes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-exit-race-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "services:\n  web:\n    image: local/busybox:1\n    restart: [no]\n"
            .write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let environment = ["PLANE_STATE_DIR": dir.appendingPathComponent(".state").path, "HOME": dir.path,
                           "DOCKER_HOST": "unix:///nonexistent/plane-exit-race.sock", "NO_COLOR": "1"]
        var codes: [Int32: Int] = [:]
        for arguments in Array(repeating: ["up", "--format", "json"], count: 60) + Array(repeating: ["ps", "web"], count: 30) + Array(repeating: ["logs", "web"], count: 30) {
            let result = try await PlaneProcess.run(arguments, in: dir, environment: environment, timeout: 60)
            codes[result.status, default: 0] += 1
        }
        #expect(codes == [2: 120], "exit codes and how often: \(codes)")
    }

    /// `plane drift` connects and prefetches the project's reads on another thread while it loads the
    /// files (`EarlyEngine`). When the load fails, the command waits for those transfers before it
    /// exits: a reachable engine, so that they are really in flight.
    @Test("drift failing on its compose file while its engine reads travel exits 1 every time (40 runs), naming the file",
          .enabled(if: TestEngine.shouldRun, TestEngine.skipComment))
    func driftFailureWhilePrefetching() async throws {
        let host = try TestEngine.requireHost()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-exit-race-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "name: exitrace\nservices:\n  web:\n    image: local/busybox:1\n    restart: [no]\n"
            .write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let environment = ["PLANE_STATE_DIR": dir.appendingPathComponent(".state").path, "HOME": dir.path,
                           "DOCKER_HOST": host, "NO_COLOR": "1"]
        var codes: [Int32: Int] = [:]
        var named = 0
        for _ in 0..<40 {
            let result = try await PlaneProcess.run(["drift"], in: dir, environment: environment, timeout: 60)
            codes[result.status, default: 0] += 1
            if result.stderr.contains("compose.yaml:5") { named += 1 }
        }
        #expect(codes == [1: 40], "exit codes and how often: \(codes)")
        #expect(named == 40)
    }
}
