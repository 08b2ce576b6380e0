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
        return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
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
        var options = flags.options(environment: fixture.environment)
        options.currentDirectory = fixture.directory.path
        let project = try ProjectLoader.load(options)
        let ours = try ConfigListing.hashes(project, selection: "*").get()
        #expect(ours == theirs, "config --hash differs on \(fixture.name)")
    }

    @Test func repositoryStackEveryProfile() throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let theirs = try oracleHashes(oracle, ["--profile", "*"], in: StackFixture.prepared, environment: ["PATH": "/usr/bin:/bin"])
        let ours = try ConfigListing.hashes(try StackFixture.load(profiles: ["*"]), selection: "*").get()
        #expect(theirs.count >= 20)
        #expect(ours == theirs)
    }
}
