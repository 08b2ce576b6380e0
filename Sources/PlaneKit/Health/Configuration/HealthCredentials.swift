/// A credential read from a file: printed only as `<redacted>`, whatever prints it.
public struct HealthSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// cscli's `local_api_credentials.yaml`: `url`, `login`, `password` (machine credentials for the LAPI's
/// watcher API, with which plane adds and removes its test ban).
public struct MachineCredentials: Sendable, Equatable {
    public var url: String?
    public var login: String
    public var password: HealthSecret

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable
        case missing(String)
        public var description: String {
            switch self {
            case .unreadable: return "not a YAML mapping"
            case .missing(let key): return "no \(key)"
            }
        }
    }

    public static func parse(_ text: String, file: String) throws(Problem) -> MachineCredentials {
        guard let documents = try? YAMLDocumentParser.parse(text, file: file), let root = documents.first?.mapping else {
            throw .unreadable
        }
        guard let login = root["login"]?.scalarText, !login.isEmpty else { throw .missing("login") }
        guard let password = root["password"]?.scalarText, !password.isEmpty else { throw .missing("password") }
        return MachineCredentials(url: root["url"]?.scalarText, login: login, password: HealthSecret(password))
    }
}

/// `api-auth-file`: one line `user:password` (the trailing newline is noise, as for every secret file).
public struct BasicCredential: Sendable, Equatable {
    public var user: String
    public var password: HealthSecret

    public static func parse(_ text: String) -> BasicCredential? {
        var line = Substring(text)
        while let last = line.last, last == "\n" || last == "\r" { line = line.dropLast() }
        guard !line.contains("\n"), let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return nil }
        let password = line[line.index(after: colon)...]
        guard !password.isEmpty else { return nil }
        return BasicCredential(user: String(line[..<colon]), password: HealthSecret(String(password)))
    }
}
