/// `include`: each entry is a project of its own (its own folder, its own `.env`), loaded whole
/// and imported; a resource the including file also defines differently is a conflict.
struct IncludeResolver {
    let loader: ModelLoader

    func apply(_ include: Node, into model: inout Mapping, workingDirectory: String,
               environment: [String: String], included: [String]) throws(LoadError) {
        guard let entries = include.sequence else {
            throw LoadError(.invalidType, "include must be a list", at: include.location)
        }
        for entry in entries {
            let spec = try Spec(entry)
            guard let first = spec.paths.first else {
                throw LoadError(.include, "include entry has no path", at: entry.location)
            }
            let files = spec.paths.map { PathRules.absolute($0, relativeTo: workingDirectory) }
            let mainFile = files[0]
            if included.contains(mainFile) {
                let chain = (included + [mainFile]).map(loader.display).joined(separator: " -> include ")
                throw LoadError(.include, "include cycle detected: \(chain)", at: entry.location)
            }
            if let reason = FileSystem.notRegularReason(mainFile) {
                let what = reason == "no such file" ? "not found" : reason
                throw LoadError(.include, "included file \(loader.display(mainFile)) \(what) (from \"\(first)\")", at: entry.location)
            }
            let projectDir = spec.projectDirectory.map { PathRules.absolute($0, relativeTo: workingDirectory) } ?? PathRules.dirname(mainFile)

            var envFiles: [String] = []
            if spec.envFiles.isEmpty {
                let dotenv = PathRules.join(projectDir, ".env")
                if FileSystem.kind(dotenv) == .regular { envFiles = [dotenv] }
            } else {
                envFiles = spec.envFiles.filter { $0 != "/dev/null" }.map { PathRules.absolute($0, relativeTo: workingDirectory) }
            }
            var env = environment
            for (key, value) in try EnvFileReader.read(envFiles, lookup: { environment[$0] }) where env[key] == nil {
                env[key] = value
            }

            var imported: Mapping
            do {
                imported = try loader.loadModel(files: files, workingDirectory: projectDir, environment: env, included: included)
            } catch {
                throw error.with(chainPrefix: "\(loader.display(mainFile)) (include)")
            }
            if env.count > environment.count { imported = Self.resolvingBareEnvironment(imported, with: env) }
            for section in ["services", "networks", "volumes", "secrets", "configs"] {
                guard let incoming = imported[section]?.mapping else { continue }
                var target = model[section]?.mapping ?? Mapping()
                for resource in incoming.entries {
                    if let existing = target[resource.key] {
                        if Fingerprint.of(existing) == Fingerprint.of(resource.value) { continue }
                        throw LoadError(.includeConflict, "\(section).\(resource.key) conflicts with imported resource from \(loader.display(mainFile))",
                                        at: target.keyLocation(resource.key) ?? entry.location,
                                        hint: "rename one of them, or override the included one in a later -f file instead")
                    }
                    target.set(resource.key, resource.value, keyLocation: resource.keyLocation)
                }
                model[section] = Node(.mapping(target))
            }
        }
    }

    /// A bare `KEY` in an included service's `environment` takes its value from the include's own
    /// environment (its `env_file`, else its folder's `.env`; the shell still wins), as compose resolves
    /// it while loading the included project. Keys the include does not set stay bare.
    static func resolvingBareEnvironment(_ model: Mapping, with env: [String: String]) -> Mapping {
        guard let services = model["services"], var m = services.mapping else { return model }
        for service in m.entries {
            guard var s = service.value.mapping, let environment = s["environment"], var vars = environment.mapping else { continue }
            var changed = false
            for entry in vars.entries where entry.value.isNull {
                guard let value = env[entry.key] else { continue }
                vars[entry.key] = Node(.string(value), location: entry.value.location)
                changed = true
            }
            guard changed else { continue }
            s["environment"] = Node(.mapping(vars), location: environment.location, tag: environment.tag)
            m[service.key] = Node(.mapping(s), location: service.value.location, tag: service.value.tag)
        }
        var out = model
        out["services"] = Node(.mapping(m), location: services.location, tag: services.tag)
        return out
    }

    struct Spec {
        var paths: [String] = []
        var projectDirectory: String?
        var envFiles: [String] = []

        init(_ node: Node) throws(LoadError) {
            if let s = node.string { paths = [s]; return }
            guard let m = node.mapping else {
                throw LoadError(.invalidType, "include entries must be a path or a mapping", at: node.location)
            }
            for entry in m.entries {
                switch entry.key {
                case "path": paths = try Self.strings(entry.value)
                case "project_directory": projectDirectory = entry.value.scalarText
                case "env_file": envFiles = try Self.strings(entry.value)
                default:
                    throw LoadError(.unknownKey, "include: additional property \(entry.key) is not allowed", at: entry.keyLocation,
                                    hint: Suggestion.hint(for: entry.key, among: ["path", "project_directory", "env_file"]))
                }
            }
        }

        static func strings(_ node: Node) throws(LoadError) -> [String] {
            if let s = node.scalarText { return [s] }
            guard let items = node.sequence else { throw LoadError(.invalidType, "expected a string or a list of strings", at: node.location) }
            var out: [String] = []
            for item in items {
                guard let s = item.scalarText else { throw LoadError(.invalidType, "expected a string", at: item.location) }
                out.append(s)
            }
            return out
        }
    }
}
