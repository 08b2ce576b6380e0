/// A variable that was read while unset and so became an empty string, as compose warns:
/// `The "X" variable is not set. Defaulting to a blank string.`
///
/// Only the variable's name, the place and the path are kept: never a value.
public struct InterpolationWarning: Sendable, Hashable, CustomStringConvertible {
    public var variable: String
    /// The scalar (or dotenv entry) the variable was written in, when known.
    public var location: SourceLocation?
    /// Where in the compose model the scalar sits, compose style (`services.web.environment.FOO`,
    /// sequence items as `[]`), when known.
    public var path: String?

    public init(variable: String, location: SourceLocation? = nil, path: String? = nil) {
        self.variable = variable
        self.location = location
        self.path = path
    }

    /// Compose's own wording, prefixed with the location when there is one.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "The \"\(variable)\" variable is not set. Defaulting to a blank string."
        return text
    }
}
