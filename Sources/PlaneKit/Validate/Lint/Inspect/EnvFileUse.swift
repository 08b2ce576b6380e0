/// An env file the linted services (or interpolation) read, once however many services use it.
struct EnvFileUse {
    /// Absolute path.
    var path: String
    /// The services whose `env_file` names it, sorted; empty for the interpolation `.env`.
    var services: [String]
    /// Read by compose for interpolation (`.env` / `--env-file`), not passed to containers.
    var feedsInterpolation: Bool
    /// Folder of the file that defines the service (its `image:`), where its `.env.example` lives.
    var definitionDirectory: String?

    var service: String? { services.first }
}
