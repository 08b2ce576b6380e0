import HTTPTransport
import PlaneKit

/// Credential files of `x-plane.health`, read through plane's one bounded file reader. Errors name the
/// file and what is wrong with it, never its content.
enum HealthFiles {
    struct Problem: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    static func text(_ path: String) -> Result<String, Problem> {
        switch FileSystem.readRegular(path, limit: 64 << 10) {
        case .success(let bytes): return .success(String(decoding: bytes, as: UTF8.self))
        case .failure(let error): return .failure(Problem(description: error.description))
        }
    }

    /// `api-auth-file`: one line `user:password`.
    static func basic(_ path: String) -> Result<BasicAuth, Problem> {
        text(path).flatMap { content in
            guard let credential = BasicCredential.parse(content) else {
                return .failure(Problem(description: "\(path) must hold one line user:password"))
            }
            return .success(BasicAuth(username: credential.user, password: credential.password.value))
        }
    }

    /// `machine-credentials-file`: cscli's local_api_credentials.yaml.
    static func machine(_ path: String) -> Result<MachineCredentials, Problem> {
        text(path).flatMap { content in
            let parsed = Result { () throws(MachineCredentials.Problem) -> MachineCredentials in try MachineCredentials.parse(content, file: path) }
            return parsed.mapError { Problem(description: "\(path): \($0.description)") }
        }
    }
}
