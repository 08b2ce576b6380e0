/// A variable given a literal value somewhere lint can point at: a line of an env file, or an
/// `environment:` entry of a compose file. `value` may be a secret: never print it.
struct ValueSite {
    enum Origin {
        /// An env file (absolute path); `feedsInterpolation` for the project `.env`.
        case envFile(String, feedsInterpolation: Bool)
        /// `environment:` in a compose file (a file kept in git).
        case compose
    }

    var key: String
    var value: String
    var location: SourceLocation?
    var service: String?
    var origin: Origin

    var inComposeFile: Bool { if case .compose = origin { return true } else { return false } }
}
