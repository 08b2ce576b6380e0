/// A service's final environment: its env files in order (a later file wins, `${VAR}` inside
/// them sees earlier keys), then `environment:` on top; `KEY` alone takes the shell's value.
enum ServiceEnvironment {
    static func resolve(_ service: Node, name: String, environment: [String: String]) throws(LoadError) -> Node {
        guard var m = service.mapping else { return service }
        if let files = m.remove("label_file")?.sequence {
            // Labels read from label files, under the labels written in the service.
            var labels = Mapping()
            for file in files {
                guard let path = file.string else { continue }
                guard FileSystem.kind(path) == .regular else {
                    throw LoadError(.envFile, "services.\(name).label_file: \(path) not found", at: file.location)
                }
                for entry in try DotenvParser.parse(try FileSystem.readText(path), file: path, lookup: { environment[$0] }) {
                    labels.set(entry.key, Node(.string(entry.value ?? ""), location: entry.location), keyLocation: entry.location)
                }
            }
            for entry in m["labels"]?.mapping?.entries ?? [] { labels.set(entry.key, entry.value, keyLocation: entry.keyLocation) }
            m["labels"] = Node(.mapping(labels), location: m["labels"]?.location)
        }
        let declared = m["environment"]?.mapping
        let files = m["env_file"]?.sequence ?? []
        guard declared != nil || !files.isEmpty else { return Node(.mapping(m), location: service.location, tag: service.tag) }

        var result = Mapping()
        for item in files {
            var path: String?
            var required = true
            var raw = false
            if let p = item.string { path = p } else if let e = item.mapping {
                path = e["path"]?.scalarText
                if let r = e["required"]?.bool { required = r }
                raw = e["format"]?.scalarText == "raw"
            }
            guard let path else { continue }
            let kind = FileSystem.kind(path)
            guard kind == .regular else {
                if !required && kind == .missing { continue }
                throw LoadError(.envFile, "services.\(name).env_file: env file \(path) not found", at: item.location,
                                hint: "create it (copy the .env.example next to it), or mark it `required: false`")
            }
            let text = try FileSystem.readText(path)
            let snapshot = result
            let entries = try DotenvParser.parse(text, file: path, raw: raw, lookup: { key in
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
