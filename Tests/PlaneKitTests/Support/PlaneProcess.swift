import Foundation

/// The `plane` executable built next to the test bundle, run as a user runs it.
enum PlaneProcess {
    struct Result: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

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

    /// Starts plane without waiting (for the kill -9 test).
    static func start(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> Process {
        guard let binary else { throw SetupError("the plane executable was not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs a program to completion without blocking a thread of the cooperative pool (the
    /// tests run in parallel on few cores): the exit is awaited through the termination handler,
    /// a watchdog kills it after `timeout`. Output goes to files, so a chatty program never blocks.
    static func runProgram(_ program: String, _ arguments: [String], in directory: URL, environment: [String: String], stdin: String? = nil, timeout: TimeInterval = 180) async throws -> Result {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("plane-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("plane-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"].merging(environment) { $1 }
        // Closed by hand once the program ended: Foundation's Process keeps its handles alive, and the files
        // are removed right away, so each run left two deleted files and a pipe open in the test process
        // (hundreds over a CI run, until Process.run itself crashed).
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        let input = Pipe()
        defer { try? input.fileHandleForReading.close() }
        process.standardInput = input
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try? input.fileHandleForWriting.close()
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak process] in
                if process?.isRunning == true { kill(pid, SIGKILL) }
            }
        }
        let result = Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
            throw SetupError("\(program) \(arguments.joined(separator: " ")) was killed (over \(Int(timeout)) s?):\n\(result)")
        }
        return result
    }
}
