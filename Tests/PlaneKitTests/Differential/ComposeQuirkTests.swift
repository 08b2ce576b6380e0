import Foundation
import Testing
@testable import PlaneKit

/// Where docker compose v2.40.3 cannot be compared JSON for JSON, the behaviour is pinned here
/// another way (docs/COMPOSE-ORACLE-NOTES.md §19), still against the real binary.
@Suite struct ComposeQuirkTests {
    static var quirks: URL { Bundle.module.resourceURL!.appendingPathComponent("ComposeQuirks") }

    /// `build.ssh` with a key path: compose's `config --format json` fails (SSHKey's MarshalJSON
    /// writes `id: path`, which is no JSON), and its YAML lists `'id: /abs/path'` strings in map
    /// order (not the written one). Compared as sets of (id, path): plane writes `id=/abs/path`,
    /// the form compose and buildx read back.
    @Test func buildSSHKeysResolveLikeComposeYAML() throws {
        guard let oracle = ComposeOracle.binary else { return }
        let dir = Self.quirks.appendingPathComponent("build-ssh")
        let env = ["PATH": "/usr/bin:/bin", "HOME": "/home/tester"]
        let json = try ComposeOracle.run(oracle, arguments: ["config", "--format", "json"], in: dir, environment: env)
        #expect(json.status != 0 && json.stderr.contains("SSHKey"),
                "compose now prints build.ssh as JSON: compare through the corpus instead (\(json.stderr))")
        let yaml = try ComposeOracle.run(oracle, arguments: ["config"], in: dir, environment: env)
        #expect(yaml.status == 0, "\(yaml.stderr)")
        let theirs = try YAMLDocumentParser.parse(yaml.stdout, file: "compose-output.yaml")[0]

        let options = ProjectOptions(environment: env, currentDirectory: dir.path)
        let project = try ProjectLoader.load(options)
        for service in ["list-form", "map-form"] {
            let composeKeys = Set((theirs["services"]?[service]?["build"]?["ssh"]?.sequence ?? []).compactMap(\.string).map {
                $0.replacingOccurrences(of: ": ", with: "=")
            })
            let planeKeys = Set((project.services[service]?["build"]?["ssh"]?.sequence ?? []).compactMap(\.string))
            #expect(!composeKeys.isEmpty)
            #expect(planeKeys == composeKeys, "\(service): plane \(planeKeys.sorted()) vs compose \(composeKeys.sorted())")
        }
        #expect(project.services["list-form"]?["build"]?["ssh"]?.sequence?.compactMap(\.string)
                == ["default", "deploy=\(dir.path)/keys/deploy_ed25519", "home=/home/tester/.ssh/id_ed25519", "fixed=/etc/ssh/ci_key"])
    }
}
