import DockerEngine
import Foundation

/// One `docker-credential-<name>` program (a `credHelpers` entry or the `credsStore`), asked as
/// docker-credential-helpers' client asks it: `get` as the only argument, the server address on
/// standard input (no newline), a JSON `{"ServerURL", "Username", "Secret"}` on standard output;
/// `Username` `<token>` means `Secret` is an identity token. A failing exit whose output is
/// "credentials not found in native keychain" is no login (anonymous), as for the docker CLI; any
/// other failure, or a helper not in PATH, is an error (the CLI's "error getting credentials"),
/// so the request is not sent.
struct CredentialHelper: Sendable {
    static let notFound = "credentials not found in native keychain"

    var name: String
    /// Which setting named it, for the error: `credHelpers."ghcr.io"` or `credsStore`.
    var setting: String
    var configPath: String
    /// How long `get` may take: a helper waiting on a locked keychain or a prompt (pass's pinentry, a
    /// desktop keyring) would hold the run for ever, and a timer's run has nobody to answer it.
    var timeLimit: Duration = .seconds(60)

    var program: String { "docker-credential-" + name }

    /// The program's path: `PATH` of `environment` searched as Go's exec.LookPath does (a name with
    /// a `/` is taken as it is).
    func executable(environment: [String: String]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for directory in (environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = PathRules.join(directory.isEmpty ? "." : String(directory), program)
            if FileSystem.kind(candidate) == .regular, FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The login the helper holds for `server` (a config key: `https://index.docker.io/v1/`, `ghcr.io`).
    func get(server: String, registry: String, environment: [String: String]) -> Result<Engine.RegistryAuth?, EngineError> {
        guard let path = executable(environment: environment) else {
            return .failure(failure(registry, "\(program) is not in PATH",
                                    hint: "install \(program), or remove \(setting) from \(configPath) (then `docker login \(registry)` stores the login in the file)"))
        }
        let outcome: ChildProcess.Outcome
        switch ChildProcess.run(path, ["get"], input: Array(server.utf8), timeLimit: timeLimit) {
        case .success(let ran): outcome = ran
        case .failure(let error): return .failure(failure(registry, "\(path) could not be started: \(error.reason)"))
        }
        if outcome.timedOut {
            return .failure(failure(registry, "\(program) get did not answer within \(timeLimit) and was stopped",
                                    hint: "unlock the keychain or answer the helper's prompt (a timer's run has nobody to answer it), "
                                        + "or `docker login \(registry)` again; nothing was changed"))
        }
        let output = String(decoding: outcome.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.status == 0 else {
            if output == Self.notFound { return .success(nil) }
            let said = Self.shown(output.isEmpty ? outcome.errorLine : output).map { ": \($0)" } ?? ""
            return .failure(failure(registry, "\(program) get failed (exit \(outcome.status))\(said)"))
        }
        struct Answer: Decodable {
            var Username: String?
            var Secret: String?
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(outcome.standardOutput)) else {
            return .failure(failure(registry, "\(program) get answered something that is not a login's JSON"))
        }
        let username = answer.Username ?? ""
        let secret = answer.Secret ?? ""
        if username == "<token>" { return .success(secret.isEmpty ? nil : Engine.RegistryAuth(identityToken: secret, serverAddress: server)) }
        if username.isEmpty && secret.isEmpty { return .success(nil) }
        return .success(Engine.RegistryAuth(username: username, password: secret, serverAddress: server))
    }

    func failure(_ registry: String, _ problem: String, hint: String? = nil) -> EngineError {
        EngineError(.invalidConfiguration, "cannot get the login for \(registry) from the credential helper \(program) (\(setting) in \(configPath)): \(problem)",
                    hint: hint ?? "check that the helper works and holds a login for \(registry) (unlocked, logged in), or `docker login \(registry)` again; nothing was changed")
    }

    /// A helper's own words for an error, when they cannot be a login: one line, at most 200
    /// characters, nothing shaped like JSON or naming a secret.
    static func shown(_ text: String) -> String? {
        let line = text.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !line.isEmpty, !line.contains("{"), !line.lowercased().contains("secret") else { return nil }
        return String(line.prefix(200))
    }
}
