/// One `depends_on` entry of a service, in compose's long form.
public struct ServiceDependency: Sendable, Equatable {
    public var service: String
    public var condition: DependencyCondition
    /// `required: false`: a missing or failing dependency is a warning, not an error.
    public var required: Bool
    /// `restart: true`: restart this service when the dependency is recreated.
    public var restart: Bool

    public init(service: String, condition: DependencyCondition, required: Bool = true, restart: Bool = false) {
        self.service = service
        self.condition = condition
        self.required = required
        self.restart = restart
    }

    /// The service's `depends_on` in canonical form (a mapping of long forms), by name.
    static func all(of service: Node) -> [ServiceDependency] {
        guard let map = service["depends_on"]?.mapping else { return [] }
        return map.sortedEntries.map { entry in
            let spec = entry.value
            return ServiceDependency(
                service: entry.key,
                condition: spec["condition"]?.string.flatMap(DependencyCondition.init(composeName:)) ?? .started,
                required: spec["required"]?.bool ?? true,
                restart: spec["restart"]?.bool ?? false)
        }
    }
}
