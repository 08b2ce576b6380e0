/// The first stage of a load, as docker compose's CLI does it: where the project lives, which env
/// files feed interpolation, which compose files to read, which profiles and name were asked for.
struct ProjectSetup {
    var workingDirectory: String
    var environment: [String: String]
    /// The env files read for interpolation, in order.
    var envFiles: [String]
    var configFiles: [String]
    var profiles: [String]
    /// A name given with -p or COMPOSE_PROJECT_NAME wins over `name:` in the files.
    var imperativeName: String?
    var imperativeNameFromFlag: Bool
    var defaultName: String

    static let defaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]
    static let overrideFileNames = ["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"]

    init(_ options: ProjectOptions) throws(LoadError) {
        let cwd = options.currentDirectory
        let explicitDir = options.projectDirectory.map { PathRules.absolute($0, relativeTo: cwd) }
        var files = options.configFiles.map { $0 == "-" ? $0 : PathRules.absolute($0, relativeTo: cwd) }
        var workingDir = explicitDir ?? files.first.map(PathRules.dirname) ?? cwd

        // Shell variables win over env files; among env files the later wins.
        var environment = options.environment
        let envFiles: [String]
        let disabled = options.environment["COMPOSE_DISABLE_ENV_FILE"].map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false
        let fromVariable = options.environment["COMPOSE_ENV_FILES"].map { $0.split(separator: ",").map(String.init) } ?? []
        if disabled {
            envFiles = []
        } else if options.envFiles.isEmpty && !fromVariable.isEmpty {
            envFiles = fromVariable.map { PathRules.absolute($0, relativeTo: cwd) }
        } else if options.envFiles.isEmpty {
            let dotenv = PathRules.join(workingDir, ".env")
            envFiles = FileSystem.kind(dotenv) == .regular ? [dotenv] : []
        } else {
            envFiles = options.envFiles.map { PathRules.absolute($0, relativeTo: cwd) }
        }
        let fromFiles = try EnvFileReader.read(envFiles, lookup: { options.environment[$0] })
        for (key, value) in fromFiles where environment[key] == nil {
            environment[key] = value
        }

        if files.isEmpty, let composeFile = environment["COMPOSE_FILE"], !composeFile.isEmpty {
            let separator = environment["COMPOSE_PATH_SEPARATOR"].flatMap(\.first) ?? ":"
            files = composeFile.split(separator: separator).map { PathRules.absolute(String($0), relativeTo: cwd) }
            if explicitDir == nil, let first = files.first { workingDir = PathRules.dirname(first) }
        }
        if files.isEmpty {
            files = try Self.defaultFiles(from: workingDir, searchParents: true)
            if explicitDir == nil, let first = files.first { workingDir = PathRules.dirname(first) }
        }

        var profiles = options.profiles
        if profiles.isEmpty, let fromEnv = environment["COMPOSE_PROFILES"] {
            profiles = fromEnv.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        }

        var imperative = options.projectName
        if imperative == nil, let fromEnv = environment["COMPOSE_PROJECT_NAME"], !fromEnv.isEmpty {
            imperative = fromEnv
        }

        self.workingDirectory = workingDir
        self.environment = environment
        self.envFiles = envFiles
        self.configFiles = files
        self.profiles = profiles
        self.imperativeName = imperative
        self.imperativeNameFromFlag = options.projectName != nil
        self.defaultName = ProjectName.normalize(PathRules.basename(workingDir))
    }

    /// compose.yaml (or its older names) in the directory or the nearest parent, plus its override.
    static func defaultFiles(from directory: String, searchParents: Bool) throws(LoadError) -> [String] {
        var dir = directory
        while true {
            for name in defaultFileNames {
                let candidate = PathRules.join(dir, name)
                if FileSystem.kind(candidate) == .regular {
                    var files = [candidate]
                    for override in overrideFileNames {
                        let o = PathRules.join(dir, override)
                        if FileSystem.kind(o) == .regular { files.append(o); break }
                    }
                    return files
                }
            }
            if !searchParents || dir == "/" { break }
            dir = PathRules.dirname(dir)
        }
        throw LoadError(
            .noConfigFile, "no configuration file provided: not found",
            hint: "run plane in the directory holding compose.yaml, or pass -f FILE / --project-directory DIR")
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
