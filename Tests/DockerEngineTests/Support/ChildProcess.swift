import Foundation
import TestPrograms
import Testing

/// A helper process a test starts and must stop (fake engine, HAProxy), its output in a log file.
/// Started by PlaneTestSupport's TestProgram: nothing of the test process is inherited, and its
/// end is its exit (TestProgram says why Foundation's Process is not used).
final class ChildProcess: @unchecked Sendable {
    let process: TestProgram
    let logURL: URL

    init(executable: String, arguments: [String], environment: [String: String] = [:], logName: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-engine-tests", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logURL = directory.appendingPathComponent("\(logName)-\(UUID().uuidString.prefix(8)).log")
        process = try TestProgram("/usr/bin/env", [executable] + arguments,
                                  environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, output: logURL.path)
    }

    var isRunning: Bool { process.isRunning }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGTERM, then a bounded wait (5 s), then SIGKILL.
    func stop() {
        process.terminate()
        process.exitBlocking(timeout: 5)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: logURL)
    }
}

enum TestResources {
    static func path(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources") else {
            throw TestSetupError("resource \(name) missing from the test bundle")
        }
        return url.path
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every `interval` until it holds or `timeout` passes.
func waitUntil(timeout: Duration, interval: Duration = .milliseconds(50), _ condition: () async throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}

/// Runs `operation`, failing with a timeout error if it does not finish in time.
func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestSetupError("timed out after \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// A loopback TCP port nobody listens on right now (bind to port 0, read it, close).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSetupError("socket() failed: errno \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestSetupError("bind() failed: errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw TestSetupError("getsockname() failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Runs a short tool to completion (bounded: killed after `timeout`), failing on a non-zero exit.
func runTool(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(30)) async throws {
    let child = try ChildProcess(executable: executable, arguments: arguments, logName: "tool")
    let finished = try await waitUntil(timeout: timeout) { !child.isRunning }
    guard finished else {
        child.stop()
        throw TestSetupError("\(executable) did not finish within \(timeout)")
    }
    guard child.process.terminationStatus == 0 else {
        throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) failed: \(child.log)")
    }
}
