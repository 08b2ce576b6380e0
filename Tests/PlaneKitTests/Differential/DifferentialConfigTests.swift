import Foundation
import Testing
import ArgumentParser
@testable import PlaneCommands
@testable import PlaneKit

/// `plane config --format json` must equal `docker compose config --format json` on every fixture
/// of the corpus; where compose fails, plane fails too and names the file and line.
@Suite struct DifferentialConfigTests {
    @Test func corpusIsLargeEnough() {
        #expect(CorpusCase.all().count >= 80, "corpus at \(CorpusCase.root.path)")
    }

    @Test func oracleIsInstalledWhenRequired() {
        if ComposeOracle.required { #expect(ComposeOracle.binary != nil, "CI must install docker compose (scripts/install-deps.sh)") }
    }

    @Test(arguments: CorpusCase.all())
    func matchesDockerCompose(_ fixture: CorpusCase) throws {
        guard let oracle = ComposeOracle.binary else { return }
        let args = fixture.spec.args ?? []
        let reference = try ComposeOracle.run(oracle, arguments: args + ["config", "--format", "json"],
                                              in: fixture.directory, environment: fixture.environment)
        let flags = try ProjectFlags.parse(GlobalFlags.reorder(args + ["config"]).dropFirst().map { $0 })
        var options = flags.configOptions(environment: fixture.environment)
        options.currentDirectory = fixture.directory.path
        let outcome = Result { () throws(LoadError) -> ResolvedProject in try ProjectLoader.load(options) }

        #expect((reference.status == 0) == (fixture.spec.expect == "success"), "case.json disagrees with compose: \(reference.stderr)")
        switch outcome {
        case .success(let project):
            #expect(reference.status == 0, "compose failed but plane loaded it; compose said: \(reference.stderr)")
            guard reference.status == 0 else { return }
            let ours = try JSONSerialization.jsonObject(with: Data(JSONWriter.write(ProjectDocument.build(project, flavor: .json), style: .compose).utf8))
            let theirs = try JSONSerialization.jsonObject(with: reference.output)
            #expect(NSDictionary(dictionary: ours as! [String: Any]).isEqual(to: theirs as! [String: Any]),
                    "plane and compose disagree on \(fixture.name)")
        case .failure(let error):
            #expect(reference.status != 0, "plane failed where compose succeeded: \(error)")
            if let file = fixture.spec.error?.file {
                let text = error.description
                #expect(text.contains(file), "error should name \(file): \(text)")
                if let line = fixture.spec.error?.line {
                    #expect(text.contains("\(file):\(line):"), "error should point at \(file):\(line): \(text)")
                }
            }
        }
    }
}

/// plane's YAML output is itself a compose file, and docker compose reads it exactly as it reads
/// its own `config` output (where compose's own output does not read back cleanly — e.g. keys it
/// re-escapes — plane's must fail or differ the same way).
@Suite struct YAMLRoundTripTests {
    static let successCases = CorpusCase.all().filter { $0.spec.expect == "success" }

    @Test(arguments: successCases)
    func composeReadsPlaneYAMLAsItReadsItsOwn(_ fixture: CorpusCase) throws {
        guard let oracle = ComposeOracle.binary else { return }
        let args = fixture.spec.args ?? []
        let flags = try ProjectFlags.parse(GlobalFlags.reorder(args + ["config"]).dropFirst().map { $0 })
        var options = flags.configOptions(environment: fixture.environment)
        options.currentDirectory = fixture.directory.path
        let project = try ProjectLoader.load(options)
        let ours = YAMLWriter.write(ProjectDocument.build(project, flavor: .yaml), escapeDollars: true)
        let theirs = try ComposeOracle.run(oracle, arguments: args + ["config"], in: fixture.directory, environment: fixture.environment)
        #expect(theirs.status == 0)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-roundtrip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func reread(_ yaml: Data, as name: String) throws -> ComposeOracle.Result {
            let file = dir.appendingPathComponent(name)
            try yaml.write(to: file)
            let profiles = project.profiles.flatMap { ["--profile", $0] }
            return try ComposeOracle.run(oracle, arguments: ["-f", file.path, "--project-directory", project.workingDirectory]
                                         + profiles + ["config", "--format", "json"],
                                         in: dir, environment: ["PATH": "/usr/bin:/bin", "HOME": "/root"])
        }
        let fromOurs = try reread(Data(ours.utf8), as: "plane.yaml")
        let fromTheirs = try reread(theirs.output, as: "compose.yaml")
        #expect(fromOurs.status == fromTheirs.status, "compose on plane's YAML: \(fromOurs.stderr); on its own: \(fromTheirs.stderr)")
        guard fromOurs.status == 0, fromTheirs.status == 0 else { return }
        let a = try JSONSerialization.jsonObject(with: fromOurs.output)
        let b = try JSONSerialization.jsonObject(with: fromTheirs.output)
        #expect(NSDictionary(dictionary: a as! [String: Any]).isEqual(to: b as! [String: Any]))
    }
}
