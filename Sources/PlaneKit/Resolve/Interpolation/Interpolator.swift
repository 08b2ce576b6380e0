/// Compose's variable interpolation: `$V ${V} ${V:-d} ${V-d} ${V:?e} ${V?e} ${V:+r} ${V+r}` and `$$`,
/// with nested defaults, exactly as compose-go v2 substitutes (see `TemplateSubstitution` for the
/// rules, quirks included).
///
/// Unset variables read plainly become `""` and are reported as `InterpolationWarning`s; `${V:?msg}`
/// and `${V?msg}` fail with compose's `required variable V is missing a value: msg`.
public struct Interpolator: Sendable {
    public let lookup: @Sendable (String) -> String?

    public init(lookup: @escaping @Sendable (String) -> String?) {
        self.lookup = lookup
    }

    /// Interpolates one string. `path` (compose style, e.g. `services.web.image`) makes the error text
    /// the one compose prints; `location` is attached to errors and warnings.
    public func interpolate(
        _ text: String,
        at location: SourceLocation?,
        path: String? = nil,
        warnings: inout [InterpolationWarning]
    ) throws(LoadError) -> String {
        guard TemplateSubstitution.mayChange(text) else { return text }
        var unset: [String] = []
        let result: String
        do throws(TemplateSubstitution.Failure) {
            result = try TemplateSubstitution.substitute(text, lookup: lookup, unset: &unset)
        } catch {
            throw Self.loadError(error, at: location, path: path)
        }
        for name in unset {
            warnings.append(InterpolationWarning(variable: name, location: location, path: path))
        }
        return result
    }

    /// Interpolates one string, dropping the warnings about unset variables.
    public func interpolate(_ text: String, at location: SourceLocation?) throws(LoadError) -> String {
        var ignored: [InterpolationWarning] = []
        return try interpolate(text, at: location, warnings: &ignored)
    }

    /// The error compose gives for a failed substitution, with our location.
    ///
    /// The template text is quoted for an invalid format, as compose does: it is compose-file text,
    /// never a value from an env file (the dotenv parser words its own errors).
    static func loadError(_ failure: TemplateSubstitution.Failure, at location: SourceLocation?, path: String?) -> LoadError {
        switch failure {
        case .invalidTemplate(let template):
            let subject = path.map { "invalid interpolation format for \($0)." } ?? "invalid interpolation format."
            return LoadError(
                .interpolation,
                subject + "\nYou may need to escape any $ with another $.\n" + template,
                at: location
            )
        case .tooDeep(let levels):
            return LoadError(.interpolation, "interpolation nested deeper than \(levels) levels" + (path.map { " in \($0)" } ?? ""), at: location,
                             hint: "a ${VAR:-default} inside a default inside a default...: flatten it")
        case .missingRequired(let variable, let reason):
            var message = "required variable \(variable) is missing a value"
            if !reason.isEmpty { message += ": " + reason }
            if let path { message = "error while interpolating \(path): " + message }
            return LoadError(
                .requiredVariable,
                message,
                at: location,
                hint: "set \(variable) in the environment or in the project's .env file"
            )
        }
    }
}
