import Foundation

/// The real Docker Compose v2 binary, run as the reference for compose semantics.
/// Found through PLANE_COMPOSE_ORACLE or `.tools/docker-compose` (installed by scripts/install-deps.sh).
enum ComposeOracle {
    static var binary: String? {
        if let path = ProcessInfo.processInfo.environment["PLANE_COMPOSE_ORACLE"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(".tools/docker-compose").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// Whether a missing oracle must fail the suite (CI installs it; a laptop may not have it).
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    struct Result: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    static func run(_ binary: String, arguments: [String], in directory: URL, environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }
}
