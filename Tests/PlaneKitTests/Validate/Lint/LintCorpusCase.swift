import Foundation
import TestPrograms
@testable import PlaneKit

/// One case of the lint corpus (`Resources/LintCorpus/NNN-slug/`): a small project, the setup the
/// test performs at run time (modes, links, directories, FIFOs, bytes git would not keep, git
/// repositories) and the exact findings expected (`expect.json`). See the corpus README.
struct LintCorpusCase: CustomStringConvertible, Sendable {
    struct Expected: Codable, Hashable, Sendable, CustomStringConvertible {
        var rule: String
        var file: String
        var line: Int
        var severity: String

        var description: String { "\(severity)[\(rule)] \(file):\(line)" }
    }

    struct Setup: Decodable, Sendable {
        var op: String
        var path: String?
        var target: String?
        var text: String?
        var mode: String?
        var paths: [String]?
    }

    struct Spec: Decodable, Sendable {
        var description: String
        var profiles: [String]?
        var services: [String]?
        var env: [String: String]?
        var setup: [Setup]?
        var mustNotPrint: [String]?
        var findings: [Expected]
    }

    var name: String
    var directory: URL
    var spec: Spec

    var description: String { name }

    static var root: URL { Bundle.module.resourceURL!.appendingPathComponent("LintCorpus") }

    static func all() -> [LintCorpusCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let dir = root.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: dir.appendingPathComponent("expect.json")) else { return nil }
            do {
                return LintCorpusCase(name: name, directory: dir, spec: try JSONDecoder().decode(Spec.self, from: data))
            } catch {
                fatalError("\(name)/expect.json: \(error)")
            }
        }
    }

    /// Copies the case to a fresh temporary folder and prepares it: files created by `setup`
    /// (write, mkdir, mkfifo, symlink), then secrets/ folders 0700 and the regular files in them
    /// 0600 (git does not keep modes), then `chmod` steps, then git steps.
    func materialize() throws -> URL {
        let fm = FileManager.default
        // A folder per call: suites run in parallel and may prepare the same case at once.
        let target = fm.temporaryDirectory.appendingPathComponent("plane-lint-\(getpid())/\(UUID().uuidString)/\(name)")
        try? fm.removeItem(at: target)
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.copyItem(at: directory, to: target)
        try fm.removeItem(at: target.appendingPathComponent("expect.json"))
        let steps = spec.setup ?? []

        for step in steps {
            let path = step.path.map { target.appendingPathComponent($0) }
            if let path { try fm.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true) }
            switch step.op {
            case "write":
                try? fm.removeItem(at: path!)
                try Data(step.text!.utf8).write(to: path!)
            case "mkdir":
                try fm.createDirectory(at: path!, withIntermediateDirectories: true)
            case "mkfifo":
                guard mkfifo(path!.path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
            case "symlink":
                try fm.createSymbolicLink(atPath: path!.path, withDestinationPath: step.target!)
            case "chmod", "git-init", "git-add":
                break
            default:
                fatalError("\(name): unknown setup op \(step.op)")
            }
        }

        var isDirectory: ObjCBool = false
        for relative in (fm.enumerator(atPath: target.path)?.allObjects as? [String]) ?? [] {
            let url = target.appendingPathComponent(relative)
            let attributes = try fm.attributesOfItem(atPath: url.path)
            guard attributes[.type] as? FileAttributeType != .typeSymbolicLink else { continue }
            if url.lastPathComponent == "secrets", fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                chmod(url.path, 0o700)
            } else if url.deletingLastPathComponent().lastPathComponent == "secrets", attributes[.type] as? FileAttributeType == .typeRegular {
                chmod(url.path, 0o600)
            }
        }

        for step in steps {
            switch step.op {
            case "write" where step.mode != nil, "chmod":
                chmod(target.appendingPathComponent(step.path!).path, mode_t(step.mode!, radix: 8)!)
            case "git-init":
                try git(["init", "-q"], in: target)
            case "git-add":
                try git(["add"] + step.paths!, in: target)
            default:
                break
            }
        }
        return target
    }

    private func git(_ arguments: [String], in directory: URL) throws {
        let git = try TestProgram.runBlocking("/usr/bin/git", ["-C", directory.path] + arguments, timeout: 60)
        precondition(git.status == 0, "\(name): git \(arguments) failed: \(git)")
    }

    /// Lints the prepared copy as `plane lint` would (input problems recorded, not thrown).
    func lint(at directory: URL) throws(LoadError) -> LintReport {
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root"]
        for (k, v) in spec.env ?? [:] { environment[k] = v }
        let options = ProjectOptions(profiles: spec.profiles ?? [], environment: environment, currentDirectory: directory.path)
        return try Linter.lint(options, options: LintOptions(services: spec.services ?? []))
    }
}
