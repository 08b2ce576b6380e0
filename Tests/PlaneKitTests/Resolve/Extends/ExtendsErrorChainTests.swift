import Foundation
import Testing
@testable import PlaneKit

/// An error inside an extended file names that file's line and the chain that led to it.
@Suite struct ExtendsErrorChainTests {
    @Test func errorInExtendedFileShowsTheChain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("core/traefik"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "services:\n  traefik:\n    extends: {file: core/traefik/compose.yaml, service: traefik}\n"
            .write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        try "services:\n  traefik:\n    image: traefik:v3.5.3\n    imagee: oops\n"
            .write(to: dir.appendingPathComponent("core/traefik/compose.yaml"), atomically: true, encoding: .utf8)

        let result = Result { () throws(LoadError) -> ResolvedProject in
            try ProjectLoader.load(ProjectOptions(currentDirectory: dir.path))
        }
        guard case .failure(let error) = result else {
            Issue.record("an unknown key must fail the load")
            return
        }
        #expect(error.code == .unknownKey)
        #expect(error.location?.file == "core/traefik/compose.yaml")
        #expect(error.location?.line == 4)
        #expect(error.location?.column == 5)
        #expect(error.chain == ["compose.yaml", "core/traefik/compose.yaml (extends traefik)"])
        #expect(error.hint == "did you mean \"image\"?")
        #expect(error.description.contains("via compose.yaml -> core/traefik/compose.yaml (extends traefik)"))
    }
}
