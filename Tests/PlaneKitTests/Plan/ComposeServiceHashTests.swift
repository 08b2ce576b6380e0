import Foundation
import Testing
@testable import PlaneKit

/// compose's own service hash on small projects whose hash does not depend on where they live:
/// every expected value was printed by `docker compose config --hash` (v2.40.3).
@Suite struct ComposeServiceHashTests {
    func project(_ yaml: String, files: [String: String] = [:]) throws -> ResolvedProject {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-hash-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try yaml.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return try ProjectLoader.load(ProjectOptions(environment: ["PATH": "/usr/bin:/bin"], currentDirectory: dir.path))
    }

    func hash(_ service: String, _ project: ResolvedProject, _ flavor: ComposeServiceHash.Flavor = .configCommand) -> String? {
        ComposeServiceHash.hash(service: service, in: project, flavor: flavor)
    }

    @Test func oneImage() throws {
        // sha256 of {"command":null,"entrypoint":null,"image":"busybox","networks":{"default":null}}
        let p = try project("services:\n  a:\n    image: busybox\n")
        #expect(hash("a", p) == "2afd7866203dca40993313263173003833e9de9c3ad83f2f59484e32a5605234")
        #expect(hash("a", p, .upLabel) == hash("a", p))
    }

    @Test func goEscapingAndDollars() throws {
        // `$$` is one `$` in the hash (only `config` output doubles it); <&> as \u003c..., DEL raw.
        let p = try project("""
            services:
              dollar:
                image: local/busybox:1
                command: ["sleep", "3600"]
                environment:
                  PRICE: "5 $$ dollars"
                  HTML: "<a&b>"
                labels:
                  money: "$$HOME"
            """)
        #expect(hash("dollar", p) == "7a0d3ca172e9330db398786fcb30000b484625ec9ad6afe6dbf48690a3a3857d")
    }

    @Test func controlCharactersAndExtensionKeysInStringMaps() throws {
        // compose-go folds x- keys of labels/environment into one "#extensions": "map[x-...]" entry.
        let p = try project(#"""
            services:
              app:
                image: app
                labels:
                  x-lab: "1"
                  ctl: "a\bb\fc\x01d\u2028e\u007f"
                environment:
                  x-env: "2"
            """#)
        #expect(hash("app", p) == "60c1063270ef6fddd9ea84a080c34804ce47dc5cd7e9ad5dd51d60ca9a9bb354")
    }

    @Test func extensionKeysFoldedInEveryStringMap() throws {
        let p = try project("""
            services:
              app:
                image: app
                annotations: {x-a: "1", b: "2"}
                sysctls: {x-s: "1", net.a: "2"}
                logging: {driver: d, options: {x-o: "1", o: "2"}}
                deploy: {labels: {x-dl: "1"}}
                environment: {x-e: "1", x-f: null, Z: "3"}
                labels: {x-l: "1", x-m: "2"}
                volumes:
                  - {type: volume, source: v, target: /v, volume: {labels: {x-vl: "1"}}}
                networks:
                  n: {driver_opts: {x-d: "1"}}
                post_start: [{command: echo, environment: {x-pe: "1"}}]
            networks: {n: {}}
            volumes: {v: {}}
            """)
        #expect(hash("app", p) == "1e3339d0d317032dfc059d3ec155546a3bd978780b9b22354256f4608db26913")
    }

    @Test func serviceExtensionsAndClearedFieldsAreNotHashed() throws {
        let p = try project("""
            x-c: &c
              image: local/busybox:1
              command: ["sleep", "3600"]
            services:
              ext:
                <<: *c
                x-foo: bar
                labels:
                  a: b
              plain:
                <<: *c
                labels:
                  a: b
                depends_on: [ext]
                pull_policy: never
                scale: 1
                deploy: {replicas: 1}
            """)
        #expect(hash("ext", p) == "b343cf802bc76acf3c507b4096df76e9f38f46d414ae6d9084854fcc6e7efb3d")
        // deploy stays, as {"resources":{},"placement":{}}, so `plain` differs from `ext`.
        #expect(hash("plain", p) != hash("ext", p))
    }

    @Test func envFileFlavours() throws {
        let p = try project("""
            services:
              app:
                image: app
                env_file: [a.env, {path: b.env, required: false, format: raw}]
                environment: [KEEP=1, FROM_A]
            """, files: ["a.env": "FROM_A=1\nONLY_A=2\n", "b.env": "B=3\n"])
        let dir = p.workingDirectory
        func sha(_ json: String) -> String { SHA256.hex(json) }
        // config --hash: env_file kept (a required entry is its bare path), only declared values.
        #expect(hash("app", p) == sha(#"{"command":null,"entrypoint":null,"environment":{"FROM_A":null,"KEEP":"1"},"env_file":["\#(dir)/a.env",{"path":"\#(dir)/b.env","required":false,"format":"raw"}],"image":"app","networks":{"default":null}}"#))
        // up: the files loaded, env_file gone.
        #expect(hash("app", p, .upLabel) == sha(#"{"command":null,"entrypoint":null,"environment":{"B":"3","FROM_A":null,"KEEP":"1","ONLY_A":"2"},"image":"app","networks":{"default":null}}"#))
    }

    @Test func upResolvesServiceReferencesToContainerIDs() throws {
        let p = try project("""
            services:
              base: {image: b}
              net: {image: n, network_mode: "service:base"}
              vf: {image: v, volumes_from: ["base:ro", "container:other:rw"], ipc: "service:base"}
            """)
        let id = String(repeating: "ab", count: 32)
        let lookup: (String) -> String? = { $0 == "base" ? id : nil }
        let net = ComposeServiceHash.hashed(p.services["net"]!, envFiles: [], flavor: .upLabel, containerID: lookup)
        #expect(net["network_mode"]?.string == "container:" + id)
        let vf = ComposeServiceHash.hashed(p.services["vf"]!, envFiles: [], flavor: .upLabel, containerID: lookup)
        #expect(vf["volumes_from"]?.sequence?.compactMap(\.string) == [id, "other"])
        #expect(vf["ipc"]?.string == "container:" + id)
        // config --hash keeps the references as written.
        let plain = ComposeServiceHash.hashed(p.services["net"]!, envFiles: [], flavor: .configCommand, containerID: lookup)
        #expect(plain["network_mode"]?.string == "service:base")
    }

    @Test func goStringEscaping() {
        var out: [UInt8] = []
        GoJSON.appendString("a\u{8}b\u{c}c\u{1}d\u{2028}e\u{7f}<&>\"\\\n", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"a\\bb\\fc\\u0001d\\u2028e\u{7f}\\u003c\\u0026\\u003e\\\"\\\\\\n\"")
    }

    @Test func goFloats() {
        #expect(GoJSON.float(0.3333333333, bits: 32) == "0.33333334")
        #expect(GoJSON.float(1.5, bits: 32) == "1.5")
        #expect(GoJSON.float(2, bits: 32) == "2")
        #expect(GoJSON.float(0.5, bits: 64) == "0.5")
        #expect(GoJSON.float(123456789, bits: 32) == "123456790")
        #expect(GoJSON.float(0.000001, bits: 64) == "0.000001")
        #expect(GoJSON.float(1e-7, bits: 64) == "1e-7")
        #expect(GoJSON.float(1.5e-10, bits: 64) == "1.5e-10")
        #expect(GoJSON.float(1e21, bits: 64) == "1e+21")
        #expect(GoJSON.float(-2.25, bits: 64) == "-2.25")
    }

    @Test func goMapKeysSortBytewise() {
        #expect(GoJSON.sortedKeys(["b", "#extensions", "B", "a", "é", "z"]) == ["#extensions", "B", "a", "b", "z", "é"])
    }
}
