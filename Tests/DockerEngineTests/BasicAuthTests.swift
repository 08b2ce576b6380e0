import Foundation
import Testing
@testable import DockerEngine

@Suite("BasicAuth credentials")
struct BasicAuthTests {
    @Test("a file holds user:password; only the trailing newline is dropped")
    func file() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("plane: pass with spaces \n".utf8).write(to: URL(fileURLWithPath: path))
        let auth = try BasicAuth.read(fromFile: path)
        #expect(auth.username == "plane")
        #expect(auth.password == " pass with spaces ")
    }

    @Test("an environment variable holds user:password")
    func environment() throws {
        let auth = try BasicAuth.read(fromEnvironment: "PLANE_DOCKER_AUTH", environment: ["PLANE_DOCKER_AUTH": "a:b:c"])
        #expect(auth.username == "a")
        #expect(auth.password == "b:c")
    }

    @Test("descriptions redact the password")
    func redacted() {
        let auth = BasicAuth(username: "plane", password: "s3cr3t-value")
        #expect(!"\(auth)".contains("s3cr3t-value"))
        #expect(!String(reflecting: auth).contains("s3cr3t-value"))
    }

    @Test("malformed content is refused without echoing it", arguments: [
        "no-colon-secret-value", "user:$apr1$secret$hash", ":secret-value", "user:secret-value\nsecond line",
    ])
    func malformed(content: String) {
        do {
            _ = try BasicAuth.parse(content, origin: "the test value")
            Issue.record("accepted \(content.count) bytes of malformed credentials")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(!error.description.contains("secret"))
        }
    }

    @Test("a missing file names the path")
    func missingFile() {
        do {
            _ = try BasicAuth.read(fromFile: "/nonexistent/plane-creds")
        } catch {
            #expect(error.description.contains("/nonexistent/plane-creds"))
            #expect(error.description.contains("does not exist"))
        }
    }
}
