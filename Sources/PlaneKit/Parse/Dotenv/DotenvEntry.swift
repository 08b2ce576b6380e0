/// One variable of a dotenv file.
///
/// `value` is nil for a key written without `=` (`KEY` alone, a pass-through) that the lookup did not
/// know: compose leaves such a key out. A pass-through key the lookup knows carries that value.
/// `description` never shows the value (it may be a secret).
public struct DotenvEntry: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var value: String?
    /// Where the key of the assignment that gave the value was written.
    public var location: SourceLocation

    public init(key: String, value: String?, location: SourceLocation) {
        self.key = key
        self.value = value
        self.location = location
    }

    public var description: String {
        "\(location): \(key)" + (value == nil ? " (unset)" : "=<value>")
    }
}
