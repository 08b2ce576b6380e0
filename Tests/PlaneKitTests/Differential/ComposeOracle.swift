import Foundation
import TestPrograms

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

    typealias Result = TestProgram.Result

    /// Bounded (TestProgram): a stuck oracle fails its test after 2 minutes instead of hanging the suite.
    static func run(_ binary: String, arguments: [String], in directory: URL, environment: [String: String]) throws -> Result {
        let result = try TestProgram.runBlocking(binary, arguments, in: directory, environment: environment, timeout: 120)
        if result.timedOut { throw OracleTimeout(description: "docker compose \(arguments.joined(separator: " ")) took over 2 minutes:\n\(result)") }
        return result
    }

    struct OracleTimeout: Error, CustomStringConvertible { var description: String }
}
