import Foundation
import TestPrograms

/// The `plane` executable built next to the test bundle, run as a user runs it.
enum PlaneProcess {
    typealias Result = TestProgram.Result

    static var binary: String? {
        if let path = ProcessInfo.processInfo.environment["PLANE_TEST_BINARY"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.module.bundleURL.deletingLastPathComponent())
        for dir in candidates {
            var current = dir
            for _ in 0..<4 {
                let path = current.appendingPathComponent("plane").path
                if FileManager.default.isExecutableFile(atPath: path) && !path.hasSuffix(".xctest/plane") { return path }
                current = current.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// Runs plane (bounded: killed after `timeout`), with only the environment given (plus PATH).
    static func run(_ arguments: [String], in directory: URL, environment: [String: String], timeout: TimeInterval = 180) async throws -> Result {
        guard let binary else { throw SetupError("the plane executable was not found next to the tests (swift build --build-tests builds it)") }
        return try await runProgram(binary, arguments, in: directory, environment: environment, timeout: timeout)
    }

    /// Starts plane without waiting (the kill and signal tests), its output dropped.
    static func start(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> TestProgram {
        guard let binary else { throw SetupError("the plane executable was not found") }
        return try TestProgram(binary, arguments, in: directory, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
    }

    /// Runs a program to completion (TestProgram: bounded, no pipes), with only the environment
    /// given plus PATH; a program killed at its time limit is an error naming it.
    static func runProgram(_ program: String, _ arguments: [String], in directory: URL, environment: [String: String], stdin: String? = nil, timeout: TimeInterval = 180) async throws -> Result {
        let result = try await TestProgram.run(program, arguments, in: directory, environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"].merging(environment) { $1 },
                                               stdin: stdin, timeout: timeout)
        if result.timedOut {
            throw SetupError("\(program) \(arguments.joined(separator: " ")) was killed (over \(Int(timeout)) s):\n\(result)")
        }
        return result
    }
}
