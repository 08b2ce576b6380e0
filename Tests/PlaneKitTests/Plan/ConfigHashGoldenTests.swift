import Foundation
import Testing
@testable import PlaneKit

/// The hash stamped on every container (`com.docker.compose.config-hash`, and through it
/// `dev.plane.config-hash`) must not move unless the service does: a changed byte recreates every
/// container on the next `up`. These goldens were taken from the encoding of before
/// `CanonicalEncoding` existed; they only change with a deliberate, announced recreation.
@Suite struct ConfigHashGoldenTests {
    static let goldenFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Resources/Golden/stack-config-hashes.txt").standardized

    /// The stack's service with what depends on the machine made fixed: the copy's folder, and the
    /// random values stack-init generates (64 hex digits).
    static func machineIndependent(_ node: Node, root: String) -> Node {
        switch node.value {
        case .string(let text):
            if text.count == 64, text.allSatisfy(\.isHexDigit) { return Node(.string(String(repeating: "0", count: 64))) }
            return Node(.string(text.replacingOccurrences(of: root, with: "/srv/vm300")))
        case .sequence(let items):
            return Node(.sequence(items.map { machineIndependent($0, root: root) }))
        case .mapping(let mapping):
            var out = Mapping()
            for entry in mapping.entries { out[entry.key] = machineIndependent(entry.value, root: root) }
            return Node(.mapping(out))
        default:
            return node
        }
    }

    @Test("every service of the repository's stack keeps its config hash")
    func stackHashes() throws {
        let project = try StackFixture.load(profiles: ["*"])
        let lines = project.services.entries.map { entry in
            "\(entry.key) \(ConfigHash.compose(Self.machineIndependent(entry.value, root: StackFixture.prepared.path)))"
        }.sorted()
        let actual = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["PLANE_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: Self.goldenFile, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: Self.goldenFile, encoding: .utf8)
        #expect(lines.count == 28)
        #expect(actual == golden)
    }

    /// A service that uses every kind of value and every escape the encoding knows.
    static let fixed: Node = {
        var healthcheck = Mapping()
        healthcheck["test"] = .sequence([.string("CMD-SHELL"), .string("wget -qO- http://127.0.0.1:8080/ping?a=1&b=<2> || exit 1")])
        healthcheck["interval"] = .string("30s")
        healthcheck["retries"] = .int(3)
        healthcheck["disable"] = .bool(false)
        var environment = Mapping()
        environment["TZ"] = .string("Europe/Paris")
        environment["QUOTE"] = .string("say \"hi\"\\now\n\ttab\r\u{1}")
        environment["UNICODE"] = .string("café ☕ 東京")
        environment["DOLLAR"] = .string("$HOME and $$")
        environment["EMPTY"] = Node(.null)
        var service = Mapping()
        service["image"] = .string("lscr.io/linuxserver/radarr:5.14")
        service["environment"] = .mapping(environment)
        service["healthcheck"] = .mapping(healthcheck)
        service["cpus"] = Node(.double(1.5))
        service["mem_limit"] = Node(.double(1073741824))
        service["read_only"] = .bool(true)
        service["command"] = .sequence([])
        service["labels"] = .mapping(Mapping())
        service["depends_on"] = .string("ignored")
        service["profiles"] = .sequence([.string("medias")])
        service["build"] = .string("ignored")
        service["pull_policy"] = .string("always")
        service["scale"] = .int(2)
        return .mapping(service)
    }()

    @Test("a fixed service hashes to the pinned value; ignored keys and key order do not count")
    func fixedService() {
        #expect(ConfigHash.compose(Self.fixed) == "6b87b600affa985ac6e8da6580e42065fc37f29dd86b3f9dc44165f7105b1bb3")
        var reordered = Mapping()
        for entry in Self.fixed.mapping!.entries.reversed() where !ConfigHash.ignored.contains(entry.key) {
            reordered[entry.key] = entry.value
        }
        #expect(ConfigHash.compose(.mapping(reordered)) == ConfigHash.compose(Self.fixed))
    }

    @Test("small services hash to pinned values", arguments: [
        ("{}", "ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356"),
        ("image: busybox", "6c44227722df07e288d09c250e7a9edd278453aceae6f7d0d88a7a31ea724522"),
    ])
    func smallServices(yaml: String, hash: String) throws {
        let node = try YAMLDocumentParser.parse(yaml, file: "service.yaml")[0]
        #expect(ConfigHash.compose(node) == hash)
    }

    @Test("the canonical bytes themselves: sorted keys, one member per line, fixed escapes")
    func canonicalBytes() throws {
        let node = try YAMLDocumentParser.parse("""
            z: [1, 2.5, true, null]
            a: {y: "<&>", b: "tab\\there \\u0001"}
            m: []
            e: {}
            """, file: "service.yaml")[0]
        let text = String(decoding: CanonicalEncoding.encode(node), as: UTF8.self)
        #expect(text == """
            {
            "a": {
            "b": "tab\\there \\u0001",
            "y": "\\u003c\\u0026\\u003e"
            },
            "e": {},
            "m": [],
            "z": [
            1,
            2.5,
            true,
            null
            ]
            }

            """)
    }
}
