import Foundation
import Testing
@testable import PlaneKit

/// Unset variables become blank strings, as in compose, and each is reported once with where it was used.
@Suite struct ProjectLoaderWarningTests {
    @Test func unsetVariablesAreWarnedWithTheirLocation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-warn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "services:\n  web:\n    image: \"nginx:${TAG}\"\n    environment:\n      A: ${TAG}\n"
            .write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        let project = try ProjectLoader.load(ProjectOptions(environment: [:], currentDirectory: dir.path))
        #expect(project.services["web"]?["image"]?.string == "nginx:")
        #expect(project.warnings.map(\.description) == [
            "compose.yaml:3:12: the \"TAG\" variable is not set; defaulting to a blank string",
            "compose.yaml:5:10: the \"TAG\" variable is not set; defaulting to a blank string",
        ])
    }
}
