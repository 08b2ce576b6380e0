/// One `KEY=value` statement of a dotenv file as written, for lint: the raw value (quotes removed,
/// nothing substituted) and how the line is laid out. `description` never shows the value.
public struct DotenvAssignment: Sendable, CustomStringConvertible {
    public var key: String
    /// Where the key starts.
    public var location: SourceLocation
    /// The text after `=`: the inside of the quotes, or the unquoted text cut at ` #` and trimmed.
    /// May be a secret: never print it.
    public var value: String
    /// `'` or `"` when the value is quoted.
    public var quote: Unicode.Scalar?
    /// False for a key written alone (taken from the environment).
    public var hasValue: Bool
    public var blankBeforeEquals: Bool
    public var blankAfterEquals: Bool

    /// The value holds a `$` that compose substitutes (not in single quotes).
    public var substitutes: Bool { quote != "'" && value.utf8.contains(0x24) }

    public var description: String { "\(location): \(key)" + (hasValue ? "=<value>" : "") }
}
