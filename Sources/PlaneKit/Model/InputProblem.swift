/// A problem with what a project reads (not with the compose model itself) that a lint load
/// records instead of failing: a missing env file, an unset `${VAR:?}`, an undefined secret.
///
/// `ProjectOptions.recordsInputProblems` turns the recording on; a normal load throws `error`.
public struct InputProblem: Sendable {
    public enum Kind: Sendable, Hashable {
        /// A required `env_file` that is missing or not a regular file (the absolute path).
        case missingEnvFile(path: String)
        /// `${NAME:?}` or `${NAME?}` with NAME unset (or empty for `:?`); read as empty instead.
        case requiredVariable(name: String)
        /// A service mounts a secret the top level does not declare.
        case undefinedSecret(name: String)
    }

    public var kind: Kind
    /// The service concerned, when the problem belongs to one (for a variable: the service whose
    /// definition holds it, named as in the file that holds it).
    public var service: String?
    /// The error a normal load throws, with its location and hint.
    public var error: LoadError

    public init(_ kind: Kind, service: String?, error: LoadError) {
        self.kind = kind
        self.service = service
        self.error = error
    }
}
