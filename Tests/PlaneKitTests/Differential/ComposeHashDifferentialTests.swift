import Foundation
import Testing
import ArgumentParser
@testable import PlaneCommands
@testable import PlaneKit

/// `plane config --hash '*'` must print what `docker compose config --hash '*'` prints, on every
/// success fixture of the corpus and on the repo's stack with every profile.
@Suite struct ComposeHashDifferentialTests {
    static let successCases = CorpusCase.all().filter { $0.spec.expect == "success" }

    func oracleHashes(_ oracle: String, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> [String] {
        let result = try ComposeOracle.run(oracle, arguments: arguments + ["config", "--hash", "*"], in: directory, environment: environment)
        #expect(result.status == 0, "docker compose config --hash failed: \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test(arguments: successCases)
    func corpusFixture(_ fixture: CorpusCase) throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let args = fixture.spec.args ?? []
        let theirs = try oracleHashes(oracle, args, in: fixture.directory, environment: fixture.environment)
        let flags = try ProjectFlags.parse(GlobalFlags.reorder(args + ["config"]).dropFirst().map { $0 })
        var options = flags.configOptions(environment: fixture.environment)
        options.currentDirectory = fixture.directory.path
        let project = try ProjectLoader.load(options)
        let ours = try ConfigListing.hashes(project, selection: "*").get()
        #expect(ours == theirs, "config --hash differs on \(fixture.name)")
    }

    /// The up-label flavour, without an engine: what compose's `up` stamps is the service of its
    /// own `config --format json` (same load: env files merged, `env_file` dropped) with the cleared
    /// keys removed and `$$` read back as `$` (measured on the stack: 28 of 28 labels). Services
    /// with a `label_file` or a `service:` reference are left to the engine test: `up` rewrites those.
    @Test(arguments: successCases)
    func upLabelFlavourIsComposesOwnModelHashed(_ fixture: CorpusCase) throws {
        guard let oracle = ComposeOracle.binary else { return }
        let args = fixture.spec.args ?? []
        let reference = try ComposeOracle.run(oracle, arguments: args + ["config", "--format", "json"],
                                              in: fixture.directory, environment: fixture.environment)
        #expect(reference.status == 0, "\(reference.stderr)")
        let flags = try ProjectFlags.parse(GlobalFlags.reorder(args + ["config"]).dropFirst().map { $0 })
        var options = flags.configOptions(environment: fixture.environment)
        options.currentDirectory = fixture.directory.path
        try expectUpFlavourMatches(reference.output, try ProjectLoader.load(options), fixture.name)
    }

    func expectUpFlavourMatches(_ configJSON: Data, _ project: ResolvedProject, _ label: String) throws {
        let document = try YAMLDocumentParser.parse(String(decoding: configJSON, as: UTF8.self), file: "config.json")
        let services = try #require(document.first?["services"]?.mapping)
        for entry in services.entries {
            let service = try #require(project.services[entry.key])
            let hashed = ComposeServiceHash.hashed(service, envFiles: [], flavor: .upLabel, containerID: { _ in nil })
            let rewrittenByUp = hashed["label_file"] != nil || ["network_mode", "ipc", "pid"].contains { hashed[$0]?.string?.hasPrefix("service:") == true }
                || hashed["volumes_from"] != nil
            guard !rewrittenByUp else { continue }
            let theirs = ComposeServiceHash.hashed(Self.unescapingDollars(entry.value), envFiles: [], flavor: .configCommand, containerID: { _ in nil })
            let expected = SHA256.hex(String(decoding: ComposeServiceEncoder.encode(theirs), as: UTF8.self))
            #expect(ComposeServiceHash.hash(service: entry.key, in: project, flavor: .upLabel) == expected, "\(label): \(entry.key)")
        }
    }

    /// compose's `config` output writes every `$` as `$$`; the model it hashes has one.
    static func unescapingDollars(_ node: Node) -> Node {
        switch node.value {
        case .string(let s): return Node(.string(s.replacingOccurrences(of: "$$", with: "$")))
        case .sequence(let items): return Node(.sequence(items.map(unescapingDollars)))
        case .mapping(let m):
            var out = Mapping()
            for entry in m.entries { out[entry.key.replacingOccurrences(of: "$$", with: "$")] = unescapingDollars(entry.value) }
            return Node(.mapping(out))
        default: return node
        }
    }

    @Test func repositoryStackEveryProfile() throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let theirs = try oracleHashes(oracle, ["--profile", "*"], in: StackFixture.prepared, environment: ["PATH": "/usr/bin:/bin"])
        let project = try StackFixture.load(profiles: ["*"])
        let ours = try ConfigListing.hashes(project, selection: "*").get()
        #expect(theirs.count >= 20)
        #expect(ours == theirs)
        let json = try ComposeOracle.run(oracle, arguments: ["--profile", "*", "config", "--format", "json"],
                                         in: StackFixture.prepared, environment: ["PATH": "/usr/bin:/bin"])
        try expectUpFlavourMatches(json.output, project, "stack")
    }
}
