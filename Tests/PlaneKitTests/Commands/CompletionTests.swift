import Foundation
import Testing

/// Completions complete the project's service and profile names (as compose's do), by asking plane
/// itself through swift-argument-parser's `---completion` protocol, the way the generated bash, zsh
/// and fish scripts call it.
@Suite("Shell completion of service and profile names")
struct CompletionTests {
    static let compose = """
        services:
          radarr: {image: local/busybox:1, profiles: [medias]}
          sonarr: {image: local/busybox:1, profiles: [medias]}
          traefik: {image: local/busybox:1, profiles: [core]}
        """

    @Test("services complete by prefix for logs/up; --profile completes the profiles; the scripts are generated")
    func completes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-completion-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.compose.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let env = ["HOME": dir.path]
        let services = try await PlaneProcess.run(["---completion", "logs", "--", "positional@0", "2", "0", "plane", "logs", ""], in: dir, environment: env)
        #expect(services.stdout.split(separator: "\n") == ["radarr", "sonarr", "traefik"], "\(services)")
        let prefixed = try await PlaneProcess.run(["---completion", "up", "--", "positional@0", "2", "1", "plane", "up", "s"], in: dir, environment: env)
        #expect(prefixed.stdout.split(separator: "\n") == ["sonarr"], "\(prefixed)")
        let profiles = try await PlaneProcess.run(["---completion", "ps", "--", "--profile", "3", "0", "plane", "ps", "--profile", ""], in: dir, environment: env)
        #expect(profiles.stdout.split(separator: "\n") == ["core", "medias"], "\(profiles)")
        for shell in ["bash", "zsh", "fish"] {
            let script = try await PlaneProcess.run(["--generate-completion-script", shell], in: dir, environment: env)
            #expect(script.status == 0 && script.stdout.contains("---completion"), "\(shell): \(script.status)")
        }
    }
}
