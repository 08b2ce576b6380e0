/// BasicAuth credentials for a server behind an authenticating proxy.
///
/// They come from a file or an environment variable chosen by the caller, never from argv
/// (`DockerEngine` reads them: `BasicAuth.read(fromFile:)`). The password is not public, and `description`/`debugDescription` redact it; no error built from a
/// `BasicAuth` contains it.
public struct BasicAuth: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let username: String
    package let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "BasicAuth(username: \(username), password: <redacted>)" }
    public var debugDescription: String { description }
}
