/// Why no plan could be made: the selection, the files a service reads, or plane's own state.
///
/// Like `LoadError`, `description` names keys, services and paths only: never a value read from an
/// env file or a secret.
public struct PlanError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A service or profile named on the command line does not exist.
        case unknownSelection = "unknown-selection"
        /// Neither a profile nor a service selects anything (compose's "no service selected", exit 1).
        case noServiceSelected = "no-service-selected"
        /// A required dependency comes in a profile after the ones asked for.
        case dependencyOrder = "dependency-order"
        /// A secret, config or env file a service needs cannot be read.
        case unreadableInput = "unreadable-input"
        /// `x-plane` is malformed.
        case extension_ = "x-plane"
        /// plane's label key (in its state folder) cannot be read or created.
        case labelKey = "label-key"
        /// Something in the model plane cannot turn into an Engine request.
        case unsupported = "unsupported"
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?
    public var hint: String?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let hint { text += "\n  hint: " + hint }
        return text
    }
}
