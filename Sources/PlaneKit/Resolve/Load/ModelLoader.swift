/// Loads compose files into one merged model, stage by stage in compose's order for each
/// document: decode -> interpolate -> extends -> include -> merge. Relative paths are made
/// absolute at the end of each model (the project's, an include's, an extends base's).
final class ModelLoader {
    let projectDirectory: String
    let warnings: WarningSink
    /// Lint mode: where unset required variables go instead of failing the load.
    let problems: InputProblemSink?
    private var fileCache: [String: [Node]] = [:]

    init(projectDirectory: String, warnings: WarningSink, problems: InputProblemSink? = nil) {
        self.projectDirectory = projectDirectory
        self.warnings = warnings
        self.problems = problems
    }

    func display(_ path: String) -> String { PathRules.display(path, under: projectDirectory) }

    /// A whole model: every file merged, relative paths resolved against `workingDirectory`.
    func loadModel(files: [String], workingDirectory: String, environment: [String: String], included: [String]) throws(LoadError) -> Mapping {
        let previous = currentEnvironment
        let previousBases = baseCache
        currentEnvironment = environment
        baseCache = [:]
        defer { currentEnvironment = previous; baseCache = previousBases }
        var model = Mapping()
        for file in files {
            do {
                model = try loadFile(file, into: model, workingDirectory: workingDirectory, environment: environment, included: included)
            } catch {
                throw error.chain.first == display(file) ? error : error.with(chainPrefix: display(file))
            }
        }
        return PathResolution.resolveModel(model, against: workingDirectory, home: environment["HOME"])
    }

    /// The decoded documents of a file. Only files read twice (the project's own files: once for
    /// the name, once for the model) stay cached; the rest are dropped once merged, to keep memory low.
    func documents(_ file: String, keep: Bool = false) throws(LoadError) -> [Node] {
        if let cached = fileCache[file] { return cached }
        if let reason = FileSystem.notRegularReason(file) {
            let missing = reason == "no such file"
            throw LoadError(missing ? .fileNotFound : .fileUnreadable, missing ? "file not found: \(file)" : "cannot read \(file): \(reason)",
                            hint: missing ? "check the path given with -f, COMPOSE_FILE, include or extends.file" : "point it at a regular file")
        }
        let text = try FileSystem.readUTF8(file, shownAs: display(file))
        let docs = try YAMLDocumentParser.parse(text, file: display(file))
        // A file holding only the obsolete `version:` is as empty as one holding nothing.
        if docs.isEmpty || docs.allSatisfy({ $0.isNull || $0.mapping.map { $0.keys.allSatisfy { $0 == "version" } } == true }) {
            throw LoadError(.notAMapping, "empty compose file", at: SourceLocation(file: display(file), line: 1, column: 1),
                            hint: "a compose file needs at least a services: section")
        }
        if keep { fileCache[file] = docs }
        return docs
    }

    private func interpolated(_ document: Node, file: String, environment: [String: String]) throws(LoadError) -> Mapping {
        guard case .mapping = document.value else {
            if document.isNull { return Mapping() }
            throw LoadError(.notAMapping, "top-level object must be a mapping", at: document.location ?? SourceLocation(file: display(file), line: 1, column: 1))
        }
        let env = environment
        var unset: [InterpolationWarning] = []
        let recorder: Interpolator.UnsetRequired? = problems.map { sink in
            { name, path, error in
                let service = path.count > 1 && path[0] == "services" ? path[1] : nil
                sink.add(InputProblem(.requiredVariable(name: name), service: service, error: error))
            }
        }
        let interpolated = try Interpolator(lookup: { env[$0] }).interpolate(node: document, warnings: &unset, unsetRequired: recorder)
        for warning in unset {
            warnings.add(LoadWarning("the \"\(warning.variable)\" variable is not set; defaulting to a blank string", at: warning.location))
        }
        return try TypeCast.apply(to: interpolated.mapping ?? Mapping())
    }

    /// Every service in pre-merge form, so that list and map spellings meet as one shape.
    private static func preMerged(_ model: Mapping) throws(LoadError) -> Mapping {
        guard let services = model["services"], var m = services.mapping else { return model }
        for entry in m.entries {
            m[entry.key] = try PreMergeForm.service(entry.value)
        }
        var out = model
        out["services"] = Node(.mapping(m), location: services.location, tag: services.tag)
        return out
    }

    private func loadFile(_ file: String, into base: Mapping, workingDirectory: String, environment: [String: String], included: [String]) throws(LoadError) -> Mapping {
        var dict = base
        for document in try documents(file) {
            var model = try interpolated(document, file: file, environment: environment)
            // compose merges a later file before checking it: `services: {app: }`, or `ports:` left
            // null, changes nothing of what an earlier file set (a null the earlier files do not
            // cover is still refused by the schema).
            if let services = model["services"], var m = services.mapping, let known = dict["services"]?.mapping {
                var changed = false
                for entry in m.entries {
                    guard let earlier = known[entry.key] else { continue }
                    if entry.value.isNull && entry.value.tag == .none { m.remove(entry.key); changed = true; continue }
                    guard var service = entry.value.mapping else { continue }
                    let covered = service.entries.filter { $0.value.isNull && $0.value.tag == .none && earlier[$0.key] != nil }
                    guard !covered.isEmpty else { continue }
                    for attribute in covered { service.remove(attribute.key) }
                    m[entry.key] = Node(.mapping(service), location: entry.value.location, tag: entry.value.tag)
                    changed = true
                }
                if changed { model["services"] = Node(.mapping(m), location: services.location, tag: services.tag) }
            }
            // compose checks its schema on what a file makes of the model so far: a later file may
            // leave out what an earlier one set (`depends_on.X: {required: false}` keeps the
            // earlier condition).
            try Schema.validateTopLevel(model, base: dict)
            model = try Self.preMerged(model)
            if let services = model["services"]?.mapping {
                let resolved = try ExtendsResolver(loader: self).resolveAll(services, file: file, baseDirectory: workingDirectory)
                model["services"]?.mapping = resolved
            }
            if let include = model.remove("include") {
                try IncludeResolver(loader: self).apply(include, into: &model, workingDirectory: workingDirectory,
                                                        environment: environment, included: included + [file])
            }
            dict = (OverrideMerger.merge(Node(.mapping(dict)), Node(.mapping(model)), path: []) ?? Node(.mapping(Mapping()))).mapping ?? Mapping()
        }
        return dict
    }

    /// The service `name` of `file`, with its own extends resolved and its relative paths made
    /// absolute against the file's folder, ready to be merged under an extending service.
    func extendsBase(service name: String, from file: String, extendedBy child: String, declaredIn parent: String,
                     serviceAt location: SourceLocation?, fileAt fileLocation: SourceLocation?,
                     visiting: [ExtendsResolver.Key]) throws(LoadError) -> Node {
        if let reason = FileSystem.notRegularReason(file) {
            let what = reason == "no such file" ? "not found" : reason
            throw LoadError(.extends, "cannot extend service \"\(child)\": file \(display(file)) \(what)", at: fileLocation,
                            hint: "extends.file is relative to the file that declares it")
        }
        let directory = PathRules.dirname(file)
        let cacheKey = "\(file)\u{0}\(name)"
        if let cached = baseCache[cacheKey] { return cached }
        var merged = Mapping()
        if let model = modelCache[file] {
            merged = model
        } else {
            let docs = try documents(file)
            for (index, document) in docs.enumerated() {
                var model = try interpolated(document, file: file, environment: currentEnvironment)
                // compose decodes every service of the file but checks its schema only on the one it
                // extends (one document); documents merged into each other are checked whole first.
                if docs.count > 1 { try Schema.validateTopLevel(model) } else { rawServices[file] = model["services"]?.mapping }
                model = try Self.preMerged(model)
                // The first document is taken as written: its `!override`/`!reset` tags apply when
                // the service it declares is merged onto what it extends.
                if index == 0 { merged = model; continue }
                merged = (OverrideMerger.merge(Node(.mapping(merged)), Node(.mapping(model)), path: []) ?? Node(.mapping(Mapping()))).mapping ?? Mapping()
            }
            checked[file] = docs.count > 1
            // Most files are one service's own file, extended once: cache only what is asked for again.
            if requested.contains(file) { modelCache[file] = merged } else { requested.insert(file) }
        }
        guard let services = merged["services"]?.mapping, services[name] != nil else {
            throw LoadError(.extends, "cannot extend service \"\(child)\" in \(display(parent)): service \"\(name)\" not found in \(display(file))",
                            at: location, hint: "check extends.service and extends.file")
        }
        // Checked as written (the pre-merge form would pass `profiles: a`).
        let raw = rawServices[file]
        let prepare: ExtendsResolver.Prepare? = checked[file] == true ? nil : { service, node, keyLocation throws(LoadError) in
            try Schema.validateService(raw?[service] ?? node, name: service, keyLocation: keyLocation)
        }
        let resolved = try ExtendsResolver(loader: self, prepare: prepare).resolveAll(
            services, only: [name], file: file, baseDirectory: directory, visiting: visiting)
        let base = PathResolution.resolveService(resolved[name]!, against: directory, home: currentEnvironment["HOME"], defaultContext: false)
        if requested.contains(cacheKey) { baseCache[cacheKey] = base } else { requested.insert(cacheKey) }
        return base
    }

    /// Extends bases already resolved under the current environment, by file and service.
    private var baseCache: [String: Node] = [:]
    /// Extends files checked whole when read (several documents); the others' services are checked when extended.
    private var checked: [String: Bool] = [:]
    /// Files and bases asked for once already (the second request caches them).
    private var requested: Set<String> = []
    /// The services of one-document extends files as written (before the pre-merge form), by file.
    private var rawServices: [String: Mapping] {
        get { rawServiceCaches[environmentKey] ?? [:] }
        set { rawServiceCaches[environmentKey] = newValue }
    }
    private var rawServiceCaches: [Int: [String: Mapping]] = [:]
    /// Interpolated models of extends files under the current environment.
    private var modelCache: [String: Mapping] {
        get { modelCaches[environmentKey] ?? [:] }
        set { modelCaches[environmentKey] = newValue }
    }
    private var modelCaches: [Int: [String: Mapping]] = [:]
    private var environmentKey: Int { currentEnvironment.hashValue }

    /// The environment interpolating the model being loaded (an include switches it while it loads).
    var currentEnvironment: [String: String] = [:]
}
