/// A top-level file secret that linted services mount.
struct SecretUse {
    var name: String
    /// Absolute path of `file:`.
    var path: String
    /// Where `file:` is written (the line findings about the file point at).
    var location: SourceLocation?
    /// The linted services mounting it, sorted.
    var services: [LintedService]

    var service: String? { services.first?.name }
}
