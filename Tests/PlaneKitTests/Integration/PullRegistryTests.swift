import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// `plane pull` against a real loopback registry (TestRegistry: Debian's docker-registry, one tag
/// moved between local/upgrade:v1 and v2): the new digest is pulled and reported per image,
/// nothing is recreated, and a second pull says the image is up to date.
@Suite("plane pull with a loopback registry", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct PullRegistryTests {
    @Test("tag moved v1 -> v2: pull reports the new digest for web, recreates nothing; a second pull reports it up to date")
    func pullReportsNewDigest() async throws {
        try await TestRegistry.with(offset: 4) { registry in
            let id = String(UUID().uuidString.prefix(8).lowercased())
            let repository = "plane/\(id)-pull"
            let reference = registry.reference(repository)
            let project = TestEngine.projectName("plane-pull")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-pull-\(id)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let client = try await TestEngine.client()
            defer { try? FileManager.default.removeItem(at: directory) }
            func plane(_ arguments: [String]) async throws -> PlaneProcess.Result {
                try await PlaneProcess.run(["-p", project, "--host", try TestEngine.requireHost()] + arguments, in: directory,
                                           environment: ["PLANE_STATE_DIR": directory.appendingPathComponent(".state").path,
                                                         "HOME": directory.path, "NO_COLOR": "1"], timeout: 300)
            }
            /// The registry digest the engine holds for the reference (`host/repo@sha256:...` -> `sha256:...`).
            func repoDigest() async throws -> String? {
                try await client.inspectImage(reference).repoDigests?.first { $0.hasPrefix("\(registry.host)/\(repository)@") }
                    .map { String($0.split(separator: "@").last ?? "") }
            }
            do {
                try """
                    services:
                      web:
                        image: \(reference)
                        command: ["sleep", "3600"]
                        init: true
                      sidecar:
                        image: local/busybox:1
                        command: ["sleep", "3600"]
                        init: true

                    """.write(to: directory.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
                try await registry.publish(repository, "v1")
                let up = try await plane(["up", "--skip-lint"])
                #expect(up.status == 0, "\(up)")
                let before = try await TestEngine.ids(project)
                let v1Digest = try #require(try await repoDigest(), "v1 came from the registry")

                try await registry.publish(repository, "v2")
                let pull = try await plane(["pull", "web"])
                #expect(pull.status == 0, "\(pull)")
                let v2Digest = try #require(try await repoDigest())
                #expect(v2Digest != v1Digest, "the tag moved")
                #expect(try await client.inspectImage(reference).id == (try await TestRegistry.imageID("v2")), "the engine's tag is v2 now")
                #expect(pull.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) } == [["web", reference, v2Digest]],
                        "one line per service, the new digest: \(pull)")
                #expect(pull.stderr.contains("Image \(reference)  Pulling") && pull.stderr.contains("Pulled \(v2Digest) (Downloaded newer image"),
                        "per-image progress: \(pull)")
                #expect(try await TestEngine.ids(project) == before, "nothing recreated")
                #expect(try await client.inspectContainer("\(project)-web-1").image == (try await TestRegistry.imageID("v1")), "web still runs v1")

                let again = try await plane(["pull", "web"])
                #expect(again.status == 0, "\(again)")
                #expect(again.stdout.contains("web") && again.stdout.contains(v2Digest), "\(again)")
                #expect(again.stderr.contains("Pulled \(v2Digest) (Image is up to date"), "the second pull is up to date: \(again)")
                #expect(try await TestEngine.ids(project) == before, "nothing recreated")
                let plan = try await plane(["plan", "--skip-lint"])
                #expect(plan.status == 2 && plan.stdout.contains("recreate web") && !plan.stdout.contains("recreate sidecar"),
                        "the next up would replace web only: \(plan)")
            } catch {
                await TestEngine.removeProject(project)
                _ = try? await client.removeImage(reference, force: true)
                throw error
            }
            await TestEngine.removeProject(project)
            _ = try? await client.removeImage(reference, force: true)
        }
    }
}
