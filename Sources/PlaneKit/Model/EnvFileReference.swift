/// One `env_file` entry of a service, as the compose files name it: lint needs the file a service
/// reads and the line that names it, which the canonical model no longer has (the files' keys are
/// merged into `environment`).
public struct EnvFileReference: Sendable, Hashable {
    /// Absolute path, after interpolation (`${ENV_RADARR:-applications/radarr/.env}`).
    public var path: String
    /// Where the entry is written.
    public var location: SourceLocation?
    /// `required: false` entries may be missing.
    public var required: Bool
    /// `format: raw` entries are read byte for byte.
    public var raw: Bool

    public init(path: String, location: SourceLocation?, required: Bool = true, raw: Bool = false) {
        self.path = path
        self.location = location
        self.required = required
        self.raw = raw
    }
}
