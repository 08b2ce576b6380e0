/// Resolves `extends` in one document's services: same-file and cross-file, chained, with the
/// base's relative paths rebased to the file that declares them, and cycles reported.
struct ExtendsResolver {
    let loader: ModelLoader
    /// Checks a service of an extends file, once, when the chain reaches it.
    typealias Prepare = (_ service: String, _ node: Node, _ keyLocation: SourceLocation?) throws(LoadError) -> Void
    var prepare: Prepare? = nil

    struct Key: Hashable { var file: String; var service: String }

    /// Resolves every service of `services` declared in `file`; `baseDirectory` is where a relative
    /// `extends.file` is looked up (the project directory for top-level files, else the file's folder).
    func resolveAll(_ services: Mapping, only: [String]? = nil, file: String, baseDirectory: String, visiting: [Key] = []) throws(LoadError) -> Mapping {
        var result = services
        var resolved: Set<String> = []
        for name in only ?? services.keys {
            try resolve(name, in: &result, file: file, baseDirectory: baseDirectory, visiting: visiting, resolved: &resolved)
        }
        return result
    }

    private func resolve(_ name: String, in services: inout Mapping, file: String, baseDirectory: String,
                         visiting: [Key], resolved: inout Set<String>) throws(LoadError) {
        guard !resolved.contains(name), let service = services[name] else { return }
        try prepare?(name, service, services.keyLocation(name))
        guard let extendsNode = service["extends"] else { resolved.insert(name); return }
        let key = Key(file: file, service: name)
        if visiting.contains(key) {
            let cycle = (visiting + [key]).map { "\($0.service) (\(loader.display($0.file)))" }.joined(separator: " -> ")
            throw LoadError(.extendsCycle, "extends cycle detected: \(cycle)", at: extendsNode.location,
                            hint: "one service in this chain must stop extending the next")
        }
        let (refName, refFile) = try reference(extendsNode, service: name)
        var base: Node
        if let refFile {
            let path = PathRules.absolute(refFile, relativeTo: baseDirectory)
            let link = "\(loader.display(path)) (extends \(refName))"
            do {
                base = try loader.extendsBase(service: refName, from: path, extendedBy: name, declaredIn: file,
                                              serviceAt: extendsNode["service"]?.location ?? extendsNode.location,
                                              fileAt: extendsNode["file"]?.location ?? extendsNode.location, visiting: visiting + [key])
            } catch {
                throw error.with(chainPrefix: link)
            }
        } else {
            guard services[refName] != nil else {
                throw LoadError(.extends, "cannot extend service \"\(name)\" in \(loader.display(file)): service \"\(refName)\" not found",
                                at: extendsNode["service"]?.location ?? extendsNode.location, hint: "define service \"\(refName)\" in this file or give extends.file")
            }
            if refName == name {
                throw LoadError(.extendsCycle, "extends cycle detected: service \"\(name)\" extends itself", at: extendsNode.location)
            }
            var nested = services
            var nestedResolved = resolved
            let child = Key(file: file, service: name)
            try resolve(refName, in: &nested, file: file, baseDirectory: baseDirectory, visiting: visiting + [child], resolved: &nestedResolved)
            services = nested
            resolved = nestedResolved
            base = services[refName]!
        }
        var own = service
        own.mapping?.remove("extends")
        base.mapping?.remove("extends")
        // Only the service is inherited; its dependencies on the base's neighbours come along as written.
        let merged = OverrideMerger.merge(base, own, path: ["services", name]) ?? own
        services[name] = merged
        resolved.insert(name)
    }

    private func reference(_ node: Node, service: String) throws(LoadError) -> (String, String?) {
        if let s = node.string { return (s, nil) }
        guard let m = node.mapping else {
            throw LoadError(.invalidType, "services.\(service).extends must be a string or a mapping", at: node.location)
        }
        guard let ref = m["service"]?.scalarText else {
            throw LoadError(.extends, "services.\(service).extends: service is required", at: node.location)
        }
        return (ref, m["file"]?.scalarText)
    }
}
