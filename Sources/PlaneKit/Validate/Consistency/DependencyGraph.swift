/// The `depends_on` graph of a project: cycle detection and a start order.
public struct DependencyGraph: Sendable {
    public private(set) var edges: [String: [String]] = [:]

    public init(services: Mapping) {
        for entry in services.entries {
            edges[entry.key] = entry.value["depends_on"]?.mapping?.keys ?? []
        }
    }

    /// The first cycle found, as a path that returns to its start (`a -> b -> a`).
    public func cycle() -> [String]? {
        var state: [String: Int] = [:]
        var stack: [String] = []
        func visit(_ node: String) -> [String]? {
            state[node] = 1
            stack.append(node)
            for next in edges[node] ?? [] where edges[next] != nil {
                if state[next] == 1 {
                    let start = stack.firstIndex(of: next)!
                    return Array(stack[start...]) + [next]
                }
                if state[next] == nil, let found = visit(next) { return found }
            }
            stack.removeLast()
            state[node] = 2
            return nil
        }
        for node in edges.keys.sorted() where state[node] == nil {
            if let found = visit(node) { return found }
        }
        return nil
    }

    /// Services in an order where each comes after what it depends on (ties by name).
    public func startOrder() -> [String] {
        var order: [String] = []
        var done = Set<String>()
        func visit(_ node: String) {
            guard !done.contains(node) else { return }
            done.insert(node)
            for next in (edges[node] ?? []).sorted() where edges[next] != nil { visit(next) }
            order.append(node)
        }
        for node in edges.keys.sorted() { visit(node) }
        return order
    }
}
