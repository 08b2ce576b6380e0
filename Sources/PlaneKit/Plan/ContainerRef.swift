/// A container as an operation names it: by ID when it exists already (its name may change
/// during the plan), by name when the plan creates it.
public struct ContainerRef: Sendable, Equatable {
    /// The name shown in plan lines (for a renamed container, its name after the rename).
    public var name: String
    public var id: String?

    public init(name: String, id: String? = nil) {
        self.name = name
        self.id = id
    }

    /// What goes into the request path.
    public var target: String { id ?? name }
}
