/// Non-fatal things the loader noticed (unset variables, missing optional files), in order.
public struct LoadWarning: Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}

/// Collects warnings across the stages of one load.
final class WarningSink {
    private(set) var warnings: [LoadWarning] = []
    private var seen: Set<LoadWarning> = []

    func add(_ warning: LoadWarning) {
        if seen.insert(warning).inserted { warnings.append(warning) }
    }
}
