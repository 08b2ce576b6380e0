import PlaneKit

/// Shell completion of service and profile names (compose's completion offers them too): the
/// shell asks plane itself, which loads the project the words being typed point at (`-f`,
/// `--project-directory`, `--env-file`, `-p`), exactly what `plane config --services` and
/// `--profiles` print. A project that does not load completes nothing (no error on a prompt).
enum Completion {
    @Sendable static func services(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let project = load(words) else { return [] }
        return project.services.entries.map(\.key).sorted().filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func profiles(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let project = load(words) else { return [] }
        return project.allProfiles.filter { $0.hasPrefix(prefix) }
    }

    /// The project flags among the words typed so far, every profile enabled.
    static func load(_ words: [String]) -> ResolvedProject? {
        var files: [String] = [], envFiles: [String] = []
        var name: String?, directory: String?
        var i = 0
        while i < words.count {
            let word = words[i]
            var value: String?
            var key = word
            if let eq = word.firstIndex(of: "="), word.hasPrefix("--") {
                key = String(word[..<eq])
                value = String(word[word.index(after: eq)...])
            } else if i + 1 < words.count {
                value = words[i + 1]
            }
            let consumed = word == key ? 2 : 1
            switch key {
            case "-f", "--file": if let value { files.append(value); i += consumed; continue }
            case "--env-file": if let value { envFiles.append(value); i += consumed; continue }
            case "-p", "--project-name": if let value { name = value; i += consumed; continue }
            case "--project-directory": if let value { directory = value; i += consumed; continue }
            default: break
            }
            i += 1
        }
        let options = ProjectOptions(
            configFiles: files, projectName: name, projectDirectory: directory, envFiles: envFiles, profiles: ["*"],
            environment: Environment.current)
        return try? ProjectLoader.load(options)
    }
}
