import Foundation
import TestPrograms
import Testing
@testable import PlaneKit

/// The repo's own stack: docker compose accepts every profile, and plane prints the same model.
@Suite struct StackDifferentialTests {
    static let profileNames = ["core", "dashboard", "medias", "apps", "automatisation", "monitoring"]
    /// Every combination of the six profiles (none included), and `*`.
    static let combinations: [[String]] = (0..<64).map { mask in
        profileNames.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
    } + [["*"]]

    @Test(arguments: combinations)
    func planeAgreesWithComposeOnTheStack(profiles: [String]) throws {
        guard let oracle = ComposeOracle.binary else {
            #expect(!ComposeOracle.required, "CI must install docker compose")
            return
        }
        let flags = profiles.flatMap { ["--profile", $0] }
        let reference = try ComposeOracle.run(oracle, arguments: flags + ["config", "--format", "json"],
                                              in: StackFixture.prepared, environment: ["PATH": "/usr/bin:/bin"])
        #expect(reference.status == 0, "docker compose refused profiles \(profiles): \(reference.stderr)")
        let project = try StackFixture.load(profiles: profiles)
        let ours = try JSONSerialization.jsonObject(with: Data(JSONWriter.write(ProjectDocument.build(project, flavor: .json), style: .compose).utf8))
        let theirs = try JSONSerialization.jsonObject(with: reference.output)
        #expect(NSDictionary(dictionary: ours as! [String: Any]).isEqual(to: theirs as! [String: Any]))
    }

    @Test func yamlOutputReadsBackToTheSameModel() throws {
        let project = try StackFixture.load(profiles: ["*"])
        let yaml = YAMLWriter.write(ProjectDocument.build(project, flavor: .yaml))
        let reread = try YAMLDocumentParser.parse(yaml, file: "config.yaml")
        #expect(reread.count == 1)
        let again = JSONWriter.write(ProjectDocument.withoutExtensions(reread[0]))
        let direct = JSONWriter.write(ProjectDocument.withoutExtensions(ProjectDocument.build(project, flavor: .yaml)))
        #expect(again == direct)
    }
}

/// `config --services/--profiles/--images` list what docker compose lists, on the repo's stack.
@Suite struct StackListingTests {
    func oracleLines(_ args: [String]) throws -> [String]? {
        guard let oracle = ComposeOracle.binary else { return nil }
        let result = try ComposeOracle.run(oracle, arguments: args, in: StackFixture.prepared, environment: ["PATH": "/usr/bin:/bin"])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func listingsMatchCompose() throws {
        let project = try StackFixture.load(profiles: ["*"])
        guard let services = try oracleLines(["--profile", "*", "config", "--services"]),
              let profiles = try oracleLines(["config", "--profiles"]),
              let images = try oracleLines(["--profile", "*", "config", "--images"]) else {
            #expect(!ComposeOracle.required)
            return
        }
        #expect(Set(ConfigListing.services(project)) == Set(services))
        #expect(ConfigListing.profiles(project) == profiles)
        #expect(ConfigListing.images(project).sorted() == images.sorted())
        let order = ConfigListing.services(project)
        for entry in project.services.entries {
            for dep in entry.value["depends_on"]?.mapping?.keys ?? [] where order.contains(dep) {
                #expect(order.firstIndex(of: dep)! < order.firstIndex(of: entry.key)!, "\(dep) listed before \(entry.key)")
            }
        }
    }

    @Test func hashesChangeWithTheServiceAndNameUnknownServices() throws {
        let project = try StackFixture.load(profiles: ["*"])
        let all = try ConfigListing.hashes(project, selection: "*").get()
        #expect(all.count == 28)
        #expect(Set(all.map { $0.split(separator: " ")[1] }).count == 28, "every service hashes differently")
        var changed = project
        changed.services["radarr"]?["image"] = .string("lscr.io/linuxserver/radarr:9.9.9")
        #expect(try ConfigListing.hashes(changed, selection: "radarr").get() != ConfigListing.hashes(project, selection: "radarr").get())
        guard case .failure(let error) = ConfigListing.hashes(project, selection: "radar") else {
            Issue.record("an unknown service must fail")
            return
        }
        #expect(error.description.contains("radarr"), "suggests the nearest service: \(error)")
    }
}

/// The socket-proxy's HAProxy config, with the userlist stack-init generates, is valid for HAProxy.
@Suite struct SocketProxyConfigTests {
    @Test func haproxyAcceptsTheConfig() throws {
        let haproxy = "/usr/sbin/haproxy"
        guard FileManager.default.isExecutableFile(atPath: haproxy) else {
            #expect(!ComposeOracle.required, "CI installs haproxy (scripts/install-deps.sh)")
            return
        }
        let dir = StackFixture.prepared.appendingPathComponent("core/socket-proxy")
        let check = try TestProgram.runBlocking(
            haproxy, ["-c", "-f", dir.appendingPathComponent("haproxy.cfg").path, "-f", dir.appendingPathComponent("secrets/docker_api_basicauth").path],
            environment: ["DOCKER_SOCKET": "/tmp/plane-none.sock", "SOCKET_PROXY_READ_BIND": "127.0.0.1:52375",
                          "SOCKET_PROXY_ADMIN_BIND": "127.0.0.1:52376", "PATH": "/usr/bin:/bin"], timeout: 60)
        #expect(check.status == 0, "haproxy -c: \(check)")
    }
}
