/// A finding an `x-plane.lint.accept` entry covers, with the reason written there.
public struct AcceptedFinding: Sendable, Hashable {
    public var finding: Finding
    public var reason: String
}
