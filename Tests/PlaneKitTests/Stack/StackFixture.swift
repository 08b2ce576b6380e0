import Foundation
import TestPrograms
@testable import PlaneKit

/// The repository's own VM300 stack, copied to a temporary folder and prepared by
/// scripts/stack-init.sh (examples copied, placeholder secrets generated), then resolved by plane.
enum StackFixture {
    static let repository: URL = {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.path != "/" {
            dir = dir.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static let prepared: URL = {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("plane-stack-\(getpid())")
        try? FileManager.default.removeItem(at: target)
        try! FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let items = ["compose.yaml", ".env.example", "compose", "core", "applications", "appdata", "media", "scripts"]
        for item in items {
            let source = repository.appendingPathComponent(item)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }
            try! FileManager.default.copyItem(at: source, to: target.appendingPathComponent(item))
        }
        // Values from the checkout (a developer's own .env or secrets) must not leak into the test.
        for path in (FileManager.default.enumerator(atPath: target.path)?.allObjects as? [String]) ?? [] {
            let name = (path as NSString).lastPathComponent
            if name == ".env" || ((path as NSString).deletingLastPathComponent.hasSuffix("secrets") && name != "README.md" && name != ".gitignore") {
                try? FileManager.default.removeItem(at: target.appendingPathComponent(path))
            }
        }
        let initialised = try! TestProgram.runBlocking("/bin/bash", [target.appendingPathComponent("scripts/stack-init.sh").path, "--quiet", target.path])
        precondition(initialised.status == 0, "stack-init.sh failed: \(initialised)")
        return target
    }()

    static func load(profiles: [String]) throws(LoadError) -> ResolvedProject {
        try ProjectLoader.load(ProjectOptions(profiles: profiles, environment: ["PATH": "/usr/bin:/bin"], currentDirectory: prepared.path))
    }
}
