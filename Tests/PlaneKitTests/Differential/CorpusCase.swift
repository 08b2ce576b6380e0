import Foundation

/// One fixture project of the differential corpus and how to run it (`case.json`).
struct CorpusCase: CustomStringConvertible, Sendable {
    struct Expected: Decodable, Sendable {
        var file: String?
        var line: Int?
    }

    struct Spec: Decodable, Sendable {
        var description: String
        var args: [String]?
        var env: [String: String]?
        var expect: String
        var error: Expected?
    }

    var name: String
    var directory: URL
    var spec: Spec

    var description: String { name }

    static var root: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Corpus")
    }

    static func all() -> [CorpusCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let dir = root.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: dir.appendingPathComponent("case.json")),
                  let spec = try? JSONDecoder().decode(Spec.self, from: data) else { return nil }
            return CorpusCase(name: name, directory: dir, spec: spec)
        }
    }

    /// The environment both implementations see: only PATH, HOME and the case's variables.
    var environment: [String: String] {
        var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root"]
        for (k, v) in spec.env ?? [:] { env[k] = v }
        return env
    }
}
