/// Everything the rules look at, each file read once: the linted services, the env files they
/// and interpolation read (scanned), the secrets they mount (inspected), git's view of those files,
/// and the compose files' lines (to tell a literal value from an interpolated one).
final class LintContext {
    let project: ResolvedProject
    let configuration: LintConfiguration
    /// Sorted by name.
    let services: [LintedService]
    let options: LintOptions
    /// Why a group of checks did not run (git unavailable...): shown, never a finding.
    private(set) var notes: [String] = []

    init(project: ResolvedProject, configuration: LintConfiguration, services: [LintedService], options: LintOptions) {
        self.project = project
        self.configuration = configuration
        self.services = services
        self.options = options
    }

    var serviceNames: Set<String> { Set(services.map(\.name)) }

    // MARK: - Paths and locations

    func display(_ path: String) -> String { PathRules.display(path, under: project.workingDirectory) }

    func location(in path: String, line: Int = 1, column: Int = 1) -> SourceLocation {
        SourceLocation(file: display(path), line: line, column: column)
    }

    func absolute(_ file: String) -> String { PathRules.absolute(file, relativeTo: project.workingDirectory) }

    // MARK: - Env files

    /// The env files in use, in order of first use: the interpolation files, then each linted
    /// service's existing env files.
    lazy var envFiles: [EnvFileUse] = {
        var uses: [EnvFileUse] = []
        var index: [String: Int] = [:]
        for path in project.interpolationEnvFiles where index[path] == nil {
            index[path] = uses.count
            uses.append(EnvFileUse(path: path, services: [], feedsInterpolation: true, definitionDirectory: nil))
        }
        for service in services {
            for reference in project.envFiles[service.name] ?? [] where FileSystem.kind(reference.path) == .regular {
                if let i = index[reference.path] {
                    if !uses[i].services.contains(service.name) { uses[i].services.append(service.name) }
                    continue
                }
                index[reference.path] = uses.count
                let definition = service.node["image"]?.location.map { PathRules.dirname(absolute($0.file)) }
                uses.append(EnvFileUse(path: reference.path, services: [service.name], feedsInterpolation: false,
                                       definitionDirectory: definition))
            }
        }
        return uses
    }()

    private var scans: [String: DotenvScan] = [:]
    private var contents: [String: [UInt8]] = [:]

    /// The bytes of an env file (never printed), or nil when it cannot be read.
    func bytes(_ path: String) -> [UInt8]? {
        if let cached = contents[path] { return cached }
        guard let bytes = try? FileSystem.readBytes(path).get() else { return nil }
        contents[path] = bytes
        return bytes
    }

    /// The file's statements, or nil when it cannot be read (the loader already said why) or is
    /// ciphertext (`env.ciphertext` says so; its keys and values are noise).
    func scan(_ path: String) -> DotenvScan? {
        if let cached = scans[path] { return cached }
        guard let bytes = bytes(path), CiphertextFormat.detect(bytes) == nil else { return nil }
        let scan = DotenvScan(bytes: bytes, file: display(path))
        scans[path] = scan
        return scan
    }

    /// The `.env.example` documenting an env file: `<file>.example`, else the one in the folder of
    /// the file defining the service (for an env file moved elsewhere with an `ENV_*` pointer).
    func example(for use: EnvFileUse) -> (path: String, scan: DotenvScan)? {
        var candidates = [use.path + ".example"]
        if let folder = use.definitionDirectory { candidates.append(PathRules.join(folder, ".env.example")) }
        for candidate in candidates where candidate != use.path && FileSystem.kind(candidate) == .regular {
            if let scan = scan(candidate) { return (candidate, scan) }
        }
        return nil
    }

    // MARK: - Values

    /// Every literal value of the env files in use and of the linted services' `environment:`
    /// entries written in compose files (values from the shell or from `${...}` are not literal).
    lazy var valueSites: [ValueSite] = {
        var sites: [ValueSite] = []
        for use in envFiles {
            guard let scan = scan(use.path) else { continue }
            for assignment in scan.assignments where assignment.hasValue && !assignment.substitutes {
                sites.append(ValueSite(key: assignment.key, value: assignment.value, location: assignment.location,
                                       service: use.service, origin: .envFile(use.path, feedsInterpolation: use.feedsInterpolation)))
            }
        }
        var envFilePaths = Set<String>()
        for references in project.envFiles.values { for r in references { envFilePaths.insert(r.path) } }
        var seen = Set<SourceLocation>()
        for service in services {
            for entry in service.node["environment"]?.mapping?.entries ?? [] {
                guard let value = entry.value.string, !value.isEmpty, let location = entry.value.location,
                      !envFilePaths.contains(absolute(location.file)), seen.insert(location).inserted,
                      isLiteral(value, at: location) else { continue }
                sites.append(ValueSite(key: entry.key, value: value, location: entry.keyLocation ?? location,
                                       service: service.name, origin: .compose))
            }
        }
        return sites
    }()

    private var lines: [String: [Substring]] = [:]

    /// The text of a line of a file lint was pointed at (compose files, env files).
    func line(at location: SourceLocation) -> Substring? {
        let path = absolute(location.file)
        if lines[path] == nil {
            let text = (try? FileSystem.readText(path)) ?? ""
            lines[path] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        let all = lines[path]!
        return location.line >= 1 && location.line <= all.count ? all[location.line - 1] : nil
    }

    /// Written as is on its line (not read from the shell, not produced by `${...}`).
    private func isLiteral(_ value: String, at location: SourceLocation) -> Bool {
        guard let text = line(at: location) else { return false }
        return text.contains(value)
    }

    // MARK: - Secrets

    /// The file secrets the linted services mount, in declaration order.
    lazy var secrets: [SecretUse] = {
        var uses: [SecretUse] = []
        for entry in project.declaredSecrets.entries {
            guard let file = entry.value["file"], let path = file.string else { continue }
            let users = services.filter { service in
                (service.node["secrets"]?.sequence ?? []).contains { $0["source"]?.scalarText == entry.key }
            }
            guard !users.isEmpty else { continue }
            uses.append(SecretUse(name: entry.key, path: path, location: file.location ?? entry.keyLocation, services: users))
        }
        return uses
    }()

    private var facts: [String: SecretFileFacts] = [:]

    func facts(_ secret: SecretUse) -> SecretFileFacts {
        if let cached = facts[secret.path] { return cached }
        let gathered = SecretFileFacts(path: secret.path)
        facts[secret.path] = gathered
        return gathered
    }

    // MARK: - Git

    /// Git's view of the env and secret files in use; nil (with a note) outside a work tree.
    lazy var git: GitStatus? = {
        guard options.checksGit else { return nil }
        let paths = envFiles.map(\.path) + secrets.map(\.path)
        switch GitStatus.query(directory: project.workingDirectory, paths: paths) {
        case .success(let status):
            return status
        case .failure(let error):
            notes.append("tracked/ignored checks skipped: git could not answer in \(project.workingDirectory) (\(error.reason))")
            return nil
        }
    }()
}
