import DockerEngine
import Foundation

/// The docker CLI's client config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`), the
/// parts that say how to log in to a registry: `auths` (what `docker login` wrote without a
/// credential store), `credHelpers` (a helper per registry) and `credsStore` (the default helper).
/// Read as docker/cli's `configfile.LoadFromReader` reads it: each `auths` entry's `auth` is base64
/// of `user:password` and wins over `username`/`password`; `identitytoken` is kept beside them.
/// A file that is not there is no login at all (anonymous pulls), as for the CLI.
///
/// Nothing here is ever printed: errors name the file, the key path and the position, never a value.
public struct DockerConfigFile: Sendable {
    /// One `auths` entry, decoded.
    public struct Login: Sendable, Equatable {
        public var username: String
        var password: String
        var identityToken: String
    }

    public var path: String
    /// By the key as written (`https://index.docker.io/v1/`, `ghcr.io`, `https://registry.example:5000`).
    public var auths: [String: Login]
    public var credentialHelpers: [String: String]
    /// `credsStore`; nil when absent or empty.
    public var credentialsStore: String?

    /// The folder the docker CLI reads: `DOCKER_CONFIG`, else `$HOME/.docker` (no HOME: `/root/.docker`).
    public static func directory(environment: [String: String]) -> String {
        if let configured = environment["DOCKER_CONFIG"], !configured.isEmpty { return configured }
        return PathRules.join(environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/root", ".docker")
    }

    public static func path(environment: [String: String]) -> String {
        PathRules.join(directory(environment: environment), "config.json")
    }

    /// The config at `path`; nil when there is no file there.
    public static func load(path: String) throws(EngineError) -> DockerConfigFile? {
        let bytes: [UInt8]
        switch FileSystem.readRegular(path, limit: FileSystem.ReadLimit.text) {
        case .success(let read): bytes = read
        case .failure(let error) where error.isMissing: return nil
        case .failure(let error):
            throw Self.failure(path, "cannot be read: \(error.reason)", hint: "fix its permissions or type, or point DOCKER_CONFIG at another folder")
        }
        return try parse(bytes, path: path)
    }

    /// Parses the content of a config file (`path` only names it in errors).
    public static func parse(_ bytes: [UInt8], path: String) throws(EngineError) -> DockerConfigFile {
        let data = Data(bytes)
        // An empty file is an empty config (docker/cli's LoadFromReader accepts io.EOF).
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return DockerConfigFile(path: path, auths: [:], credentialHelpers: [:], credentialsStore: nil)
        }
        // JSONSerialization first, for where the syntax breaks ("around character N"); JSONDecoder's
        // error says only that the data is not JSON.
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let offset = Self.characterOffset(in: error) {
                throw Self.failure(path, "is not valid JSON at \(Self.lineAndColumn(of: offset, in: bytes))")
            }
            if Self.debugText(of: error).contains("end of file") {
                throw Self.failure(path, "is not valid JSON: it ends (at \(Self.lineAndColumn(of: bytes.count, in: bytes))) before its JSON does")
            }
            throw Self.failure(path, "is not valid JSON")
        }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: data)
        } catch let error as DecodingError {
            throw Self.failure(path, Self.describe(error))
        } catch {
            throw Self.failure(path, "cannot be decoded")
        }
        var auths: [String: Login] = [:]
        for (key, entry) in raw.auths ?? [:] {
            guard let entry else { continue }
            var login = Login(username: entry.username ?? "", password: entry.password ?? "", identityToken: entry.identitytoken ?? "")
            if let auth = entry.auth, !auth.isEmpty {
                let (username, password) = try Self.decodeAuth(auth, key: key, path: path)
                login.username = username
                login.password = password
            }
            auths[key] = login
        }
        let helpers = (raw.credHelpers ?? [:]).compactMapValues { $0 }
        return DockerConfigFile(path: path, auths: auths, credentialHelpers: helpers,
                                credentialsStore: raw.credsStore.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `auth`: standard base64 (padded) of `user:password`, a non-empty user; NULs trimmed from the
    /// password's ends (docker/cli's decodeAuth).
    static func decodeAuth(_ auth: String, key: String, path: String) throws(EngineError) -> (String, String) {
        guard let data = Data(base64Encoded: auth) else {
            throw Self.failure(path, "auths.\"\(key)\".auth is not base64 (docker login writes base64 of user:password)")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw Self.failure(path, "auths.\"\(key)\".auth does not decode to user:password")
        }
        let password = text[text.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: "\u{0}"))
        return (String(text[..<colon]), password)
    }

    static func failure(_ path: String, _ problem: String, hint: String? = nil) -> EngineError {
        EngineError(.invalidConfiguration, "the docker client config \(path) \(problem)",
                    hint: hint ?? "fix it (`docker login` rewrites it), or move it aside to pull anonymously; nothing was changed")
    }

    /// A decoding error by key path and expected type; never the value found.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? (key.stringValue.contains(".") ? "\"\(key.stringValue)\"" : key.stringValue) }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context): return "has \(path(context).isEmpty ? "its top level" : path(context)) of the wrong type (expected \(Self.name(of: type)))"
        case .valueNotFound(let type, let context): return "has \(path(context)) missing (expected \(Self.name(of: type)))"
        case .keyNotFound(let key, let context): return "has no \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context): return "has an unreadable value at \(path(context))"
        @unknown default: return "cannot be decoded"
        }
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is [String: Any].Type, is Dictionary<String, Raw.Entry?>.Type, is Raw.Entry.Type, is Raw.Type: "an object"
        default: "\(type)"
        }
    }

    /// The `N` of JSONSerialization's "... around character N." (a UTF-8 offset; no content).
    static func characterOffset(in error: any Error) -> Int? {
        let text = debugText(of: error)
        guard let range = text.range(of: "character ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// JSONSerialization's own words ("Invalid value around character 39.", "Unexpected end of file
    /// during JSON parse."): positions and kinds, never content.
    static func debugText(of error: any Error) -> String {
        ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
    }

    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> String {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return "line \(line), column \(column)"
    }

    /// The file's shape, as docker/cli's ConfigFile declares the fields plane reads.
    struct Raw: Decodable {
        struct Entry: Decodable {
            var auth: String?
            var username: String?
            var password: String?
            var identitytoken: String?
        }
        var auths: [String: Entry?]?
        var credHelpers: [String: String?]?
        var credsStore: String?
    }
}
