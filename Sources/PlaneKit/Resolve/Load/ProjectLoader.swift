/// The loader's front door: options in, a resolved project out, through compose's stages in
/// compose's order (setup -> name -> files -> environment -> canonical -> profiles -> consistency).
public enum ProjectLoader {
    public static func load(_ options: ProjectOptions) throws(LoadError) -> ResolvedProject {
        let setup = try ProjectSetup(options)
        let warnings = WarningSink()
        let problems = options.recordsInputProblems ? InputProblemSink() : nil
        let loader = ModelLoader(projectDirectory: setup.workingDirectory, warnings: warnings, problems: problems)
        var environment = setup.environment
        let name = try projectName(setup, loader: loader, environment: environment)
        environment["COMPOSE_PROJECT_NAME"] = name

        var model = try loader.loadModel(files: setup.configFiles, workingDirectory: setup.workingDirectory,
                                         environment: environment, included: [])
        var all = Mapping()
        var envFiles: [String: [EnvFileReference]] = [:]
        let declared = model.remove("services")?.mapping ?? Mapping()
        for entry in declared.entries {
            try Consistency.checkService(entry.value, name: entry.key, at: entry.keyLocation)
            envFiles[entry.key] = ServiceEnvironment.envFiles(of: entry.value)
            let missingEnvFile: ((EnvFileReference, LoadError) -> Void)? = problems.map { sink in
                { file, error in sink.add(InputProblem(.missingEnvFile(path: file.path), service: entry.key, error: error)) }
            }
            let withEnvironment = try ServiceEnvironment.resolve(entry.value, name: entry.key, environment: environment,
                                                                 missingEnvFile: missingEnvFile)
            all.set(entry.key, try ServiceCanonicalizer.canonical(withEnvironment, name: entry.key, environment: environment, directory: setup.workingDirectory,
                                                                   normalizes: !options.compatibilityModel), keyLocation: entry.keyLocation)
        }
        model.remove("services")

        let profiles = setup.profiles
        var enabled = Mapping(), disabled = Mapping()
        for entry in all.entries {
            let own = (entry.value["profiles"]?.sequence ?? []).compactMap(\.scalarText)
            if own.isEmpty || profiles.contains("*") || own.contains(where: profiles.contains) {
                enabled.set(entry.key, entry.value, keyLocation: entry.keyLocation)
            } else {
                disabled.set(entry.key, entry.value, keyLocation: entry.keyLocation)
            }
        }
        enabled.sortKeys()
        disabled.sortKeys()
        try Consistency.check(enabled: enabled, disabled: disabled, model: model,
                              undefinedSecret: problems.map { sink in { sink.add($0) } })

        var extensions = Mapping()
        for entry in model.entries where entry.key.hasPrefix("x-") {
            extensions.set(entry.key, entry.value, keyLocation: entry.keyLocation)
        }
        let resources = TopLevelResources(projectName: name, services: enabled, keepsUnused: options.allResources,
                                          namesResources: !options.compatibilityModel)
        let declaredSecrets = model["secrets"]?.mapping ?? Mapping()
        let declaredConfigs = model["configs"]?.mapping ?? Mapping()
        var project = ResolvedProject(
            name: name, workingDirectory: setup.workingDirectory, configFiles: setup.configFiles,
            services: enabled, disabledServices: disabled,
            networks: resources.networks(model["networks"]?.mapping ?? Mapping()),
            volumes: resources.named("volumes", model["volumes"]?.mapping ?? Mapping()),
            secrets: resources.named("secrets", declaredSecrets),
            configs: resources.named("configs", declaredConfigs),
            extensions: extensions, profiles: profiles, warnings: warnings.warnings, environment: environment,
            interpolationEnvFiles: setup.envFiles, envFiles: envFiles,
            declaredSecrets: declaredSecrets, declaredConfigs: declaredConfigs,
            inputProblems: problems?.problems ?? [])
        project.models = model["models"]?.mapping ?? Mapping()
        if options.compatibility { project.separator = "_" }
        return project
    }

    /// Only the project's name, as `load` would find it, without resolving the services: what
    /// commands that list by project label (`plane ps`) need.
    public static func name(_ options: ProjectOptions) throws(LoadError) -> String {
        let setup = try ProjectSetup(options)
        let loader = ModelLoader(projectDirectory: setup.workingDirectory, warnings: WarningSink())
        return try projectName(setup, loader: loader, environment: setup.environment)
    }

    /// -p / COMPOSE_PROJECT_NAME, else the last `name:` of the files, else the folder's name.
    static func projectName(_ setup: ProjectSetup, loader: ModelLoader, environment: [String: String]) throws(LoadError) -> String {
        if let imperative = setup.imperativeName {
            guard ProjectName.isValid(imperative) else {
                var error = invalidName(imperative, at: nil)
                let source = nameSource(setup)
                error.message += " (given with \(source) for \(setup.configFiles.map { PathRules.display($0, under: setup.workingDirectory) }.joined(separator: ", ")))"
                throw error
            }
            return imperative
        }
        var fromFiles: (String, SourceLocation?)?
        let interpolator = Interpolator(lookup: { environment[$0] })
        for file in setup.configFiles {
            for document in try loader.documents(file) {
                guard let node = document["name"], let text = node.scalarText else { continue }
                fromFiles = (try interpolator.interpolate(text, at: node.location), node.location)
            }
        }
        if let (raw, location) = fromFiles {
            let normalized = ProjectName.normalize(raw)
            if normalized.isEmpty {
                throw LoadError(.projectName, "project name must not be empty", at: location,
                                hint: "`name:` must keep at least one letter or digit once lowercased")
            }
            guard normalized == raw || ProjectName.isValid(normalized) else { throw invalidName(raw, at: location) }
            return normalized
        }
        guard !setup.defaultName.isEmpty else {
            throw LoadError(.projectName, "project name must not be empty", hint: "set one with -p NAME or `name:` in compose.yaml")
        }
        return setup.defaultName
    }

    static func nameSource(_ setup: ProjectSetup) -> String {
        setup.imperativeNameFromFlag ? "-p" : "COMPOSE_PROJECT_NAME"
    }

    static func invalidName(_ name: String, at location: SourceLocation?) -> LoadError {
        LoadError(.projectName, "invalid project name \"\(name)\": must contain only lowercase letters, decimal digits, dashes, and underscores, and must begin with a lowercase letter or decimal digit",
                  at: location)
    }
}
