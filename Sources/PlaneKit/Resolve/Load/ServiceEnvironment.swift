/// A service's final environment: its env files in order (a later file wins, `${VAR}` inside
/// them sees earlier keys), then `environment:` on top; `KEY` alone takes the shell's value.
enum ServiceEnvironment {
    /// The service's `env_file` entries, in order (paths are already absolute).
    static func envFiles(of service: Node) -> [EnvFileReference] {
        (service["env_file"]?.sequence ?? []).compactMap { item in
            if let path = item.string { return EnvFileReference(path: path, location: item.location) }
            guard let entry = item.mapping, let path = entry["path"]?.scalarText else { return nil }
            return EnvFileReference(path: path, location: item.location, required: entry["required"]?.bool ?? true,
                                    raw: entry["format"]?.scalarText == "raw")
        }
    }

    /// `missingEnvFile`, when given, receives a required env file that is missing (or not a regular
    /// file) instead of the load failing; the file is then skipped.
    static func resolve(_ service: Node, name: String, environment: [String: String],
                        missingEnvFile: ((EnvFileReference, LoadError) -> Void)? = nil) throws(LoadError) -> Node {
        guard var m = service.mapping else { return service }
        if let files = m.remove("label_file")?.sequence {
            // Labels read from label files, under the labels written in the service.
            var labels = Mapping()
            for file in files {
                guard let path = file.string else { continue }
                if let reason = FileSystem.notRegularReason(path) {
                    throw LoadError(.envFile, "services.\(name).label_file: \(path) \(reason == "no such file" ? "not found" : reason)", at: file.location)
                }
                for entry in try DotenvParser.parse(try FileSystem.readText(path), file: path, lookup: { environment[$0] }) {
                    labels.set(entry.key, Node(.string(entry.value ?? ""), location: entry.location), keyLocation: entry.location)
                }
            }
            for entry in m["labels"]?.mapping?.entries ?? [] { labels.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
            m["labels"] = Node(.mapping(labels), location: m["labels"]?.location)
        }
        let declared = m["environment"]?.mapping
        let files = envFiles(of: Node(.mapping(m)))
        guard declared != nil || !files.isEmpty else { return Node(.mapping(m), location: service.location, tag: service.tag) }

        var result = Mapping()
        for file in files {
            let path = file.path
            if let reason = FileSystem.notRegularReason(path) {
                let missing = reason == "no such file"
                if !file.required && missing { continue }
                let error = LoadError(.envFile, "services.\(name).env_file: env file \(path) \(missing ? "not found" : reason)", at: file.location,
                                      hint: missing ? "create it (copy the .env.example next to it), or mark it `required: false`"
                                          : "point env_file at a regular file")
                if let missingEnvFile {
                    missingEnvFile(file, error)
                    continue
                }
                throw error
            }
            let text = try FileSystem.readText(path)
            let snapshot = result
            let entries = try DotenvParser.parse(text, file: path, raw: file.raw, lookup: { key in
                environment[key] ?? snapshot[key]?.string
            })
            for entry in entries {
                guard let value = entry.value ?? environment[entry.key] else { continue }
                result.set(entry.key, Node(.string(value), location: entry.location), keyLocation: entry.location)
            }
        }
        for entry in declared?.entries ?? [] {
            var value = entry.value
            if value.isNull, let fromShell = environment[entry.key] {
                value = Node(.string(fromShell), location: entry.value.location)
            }
            result.set(entry.key, value, keyLocation: entry.keyLocation)
        }
        m["environment"] = Node(.mapping(result), location: m["environment"]?.location ?? service.location)
        var out = service
        out.value = .mapping(m)
        return out
    }
}
