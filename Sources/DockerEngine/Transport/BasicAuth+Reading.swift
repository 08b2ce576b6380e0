#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTransport

/// Where the Engine client's BasicAuth comes from: a file or an environment variable, never argv.
/// Errors name the origin and never the content.
extension BasicAuth {
    /// Reads `user:password` from a file. Only a trailing newline is dropped: every other byte,
    /// spaces included, is part of the secret.
    public static func read(fromFile path: String) throws(EngineError) -> BasicAuth {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw EngineError(
                .invalidConfiguration,
                exists ? "the credentials file \(path) is not readable" : "the credentials file \(path) does not exist",
                hint: "it must hold one line user:password")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EngineError(
                .invalidConfiguration, "the credentials file \(path) is not UTF-8 text",
                hint: "is it still encrypted (git-crypt/SOPS)? it must hold one line user:password")
        }
        return try parse(text, origin: "the credentials file \(path)")
    }

    /// Reads `user:password` from an environment variable.
    public static func read(
        fromEnvironment name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(EngineError) -> BasicAuth {
        guard let value = environment[name], !value.isEmpty else {
            throw EngineError(
                .invalidConfiguration, "the environment variable \(name) is not set",
                hint: "set it to user:password, or use a credentials file")
        }
        return try parse(value, origin: "the environment variable \(name)")
    }

    /// Parses `user:password`; errors name `origin` and never the content.
    public static func parse(_ text: String, origin: String) throws(EngineError) -> BasicAuth {
        var value = Substring(text)
        if value.hasSuffix("\r\n") { value = value.dropLast(2) } else if value.hasSuffix("\n") { value = value.dropLast() }
        guard !value.contains("\n") else {
            throw EngineError(
                .invalidConfiguration, "\(origin) holds more than one line",
                hint: "it must hold exactly one line user:password")
        }
        guard let colon = value.firstIndex(of: ":") else {
            throw EngineError(
                .invalidConfiguration, "\(origin) is not of the form user:password",
                hint: "an htpasswd line (user:$apr1$...) is a hash for the server; the client needs the plain password")
        }
        let username = String(value[..<colon])
        let password = String(value[value.index(after: colon)...])
        guard !username.isEmpty, !password.isEmpty else {
            throw EngineError(.invalidConfiguration, "\(origin) has an empty user or password")
        }
        if password.hasPrefix("$apr1$") || password.hasPrefix("$2y$") || password.hasPrefix("{SHA}") {
            throw EngineError(
                .invalidConfiguration, "\(origin) holds a password hash, not a password",
                hint: "an htpasswd line is for the proxy; plane needs the plain password")
        }
        return BasicAuth(username: username, password: password)
    }
}
