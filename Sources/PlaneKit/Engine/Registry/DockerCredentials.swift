import DockerEngine
import Foundation

/// The registry logins plane sends with its pulls and distribution inspects: the docker CLI's own,
/// found as docker/cli's `ConfigFile.GetAuthConfig` finds them (docker compose calls it for each
/// pull), so a stack that `docker compose pull` can pull, plane can:
///
/// 1. the config key of the image's registry (`RegistryKey`: Docker Hub is `https://index.docker.io/v1/`);
///    an `auths` entry for it in `DOCKER_AUTH_CONFIG` (the JSON of a config file, read first by the docker
///    CLI since 28.3, and so by docker compose) is the login, before anything in the file;
/// 2. a `credHelpers` entry for that key, else `credsStore`: that helper's answer (`CredentialHelper`;
///    "not found" is anonymous, and the `auths` entry is then not used, as in the CLI's native store);
/// 3. else the `auths` entry for the key (or a key written as a URL of that host);
/// 4. else nothing: anonymous. No config file at all is anonymous too.
///
/// Lazy and once per run: the file is read at the first registry request (a run that pulls
/// nothing reads nothing and runs no helper), and each registry's login is looked up once, shared
/// by concurrent pulls. A failure (malformed file, failing helper) is an `EngineError` without any
/// secret in it, and the request that needed the login is not sent.
public actor DockerCredentials: Engine.RegistryCredentials {
    public let configPath: String
    private let environment: [String: String]
    private var config: Result<DockerConfigFile?, EngineError>?
    private var environmentConfig: Result<DockerConfigFile?, EngineError>?
    private var logins: [String: Task<Result<Engine.RegistryAuth?, EngineError>, Never>] = [:]
    /// How many times the file was read and helpers were run (tests hold them to once).
    public private(set) var fileReads = 0
    public private(set) var helperRuns = 0

    /// How long one credential helper's `get` may take (`CredentialHelper.timeLimit`; 60 s by default).
    let helperTimeLimit: Duration

    public init(environment: [String: String], helperTimeLimit: Duration = .seconds(60)) {
        self.environment = environment
        self.helperTimeLimit = helperTimeLimit
        configPath = DockerConfigFile.path(environment: environment)
    }

    public func auth(forRegistry registry: String) async throws(EngineError) -> Engine.RegistryAuth? {
        let key = RegistryKey.of(registry: registry)
        if let known = logins[key] { return try await known.value.get() }
        if let fromEnvironment = try loadedFromEnvironment().get(), let login = Self.fileLogin(for: key, in: fromEnvironment) {
            logins[key] = Task { .success(login) }
            return login
        }
        let config: DockerConfigFile?
        switch loaded() {
        case .success(let file): config = file
        case .failure(let error): throw error
        }
        let lookup: Task<Result<Engine.RegistryAuth?, EngineError>, Never>
        if let config, var found = Self.helper(for: key, in: config) {
            found.timeLimit = helperTimeLimit
            let helper = found
            helperRuns += 1
            let environment = environment
            lookup = Task {
                await withCheckedContinuation { continuation in
                    // The helper blocks a thread until it exits: not one of the cooperative pool's few.
                    DispatchQueue.global().async {
                        continuation.resume(returning: helper.get(server: key, registry: registry, environment: environment))
                    }
                }
            }
        } else {
            let found = config.flatMap { Self.fileLogin(for: key, in: $0) }
            lookup = Task { .success(found) }
        }
        logins[key] = lookup
        return try await lookup.value.get()
    }

    private func loaded() -> Result<DockerConfigFile?, EngineError> {
        if let config { return config }
        fileReads += 1
        let result: Result<DockerConfigFile?, EngineError>
        do { result = .success(try DockerConfigFile.load(path: configPath)) } catch { result = .failure(error) }
        config = result
        return result
    }

    /// `DOCKER_AUTH_CONFIG`, parsed once (nil when unset or empty). Malformed, it is an error, as a
    /// malformed file is (the docker CLI warns and goes on without it): named, never quoted.
    private func loadedFromEnvironment() -> Result<DockerConfigFile?, EngineError> {
        if let environmentConfig { return environmentConfig }
        let result: Result<DockerConfigFile?, EngineError>
        if let text = environment[Self.authConfigVariable], !text.allSatisfy(\.isWhitespace) {
            do {
                result = .success(try DockerConfigFile.parse(Array(text.utf8), path: "in \(Self.authConfigVariable)"))
            } catch {
                result = .failure(EngineError(.invalidConfiguration, error.message,
                                              hint: "fix \(Self.authConfigVariable) (a config file's JSON, {\"auths\": {...}}) or unset it; nothing was changed"))
            }
        } else {
            result = .success(nil)
        }
        environmentConfig = result
        return result
    }

    public static let authConfigVariable = "DOCKER_AUTH_CONFIG"

    /// The helper for `key`: its `credHelpers` entry, else the `credsStore` (docker/cli's
    /// getConfiguredCredentialStore).
    static func helper(for key: String, in config: DockerConfigFile) -> CredentialHelper? {
        if let name = config.credentialHelpers[key], !name.isEmpty {
            return CredentialHelper(name: name, setting: "credHelpers.\"\(key)\"", configPath: config.path)
        }
        if let store = config.credentialsStore { return CredentialHelper(name: store, setting: "credsStore", configPath: config.path) }
        return nil
    }

    /// The `auths` entry for `key`, as the login to send (nil when it holds none).
    static func fileLogin(for key: String, in config: DockerConfigFile) -> Engine.RegistryAuth? {
        guard let (entryKey, login) = RegistryKey.entry(for: key, in: config.auths) else { return nil }
        let auth = Engine.RegistryAuth(username: login.username, password: login.password, identityToken: login.identityToken,
                                       serverAddress: entryKey)
        return auth.isEmpty ? nil : auth
    }
}
