/// Interpolates every string value of a model (keys are left as written, as compose does) and
/// casts strings at typed paths (`TypeCast`).
struct NodeInterpolation {
    let interpolator: Interpolator

    func apply(_ node: Node, path: [String] = []) throws(LoadError) -> Node {
        var out = node
        switch node.value {
        case .string(let s):
            let text = s.contains("$") ? try interpolator.interpolate(s, at: node.location) : s
            if let target = TypeCast.target(for: path) {
                out.value = try TypeCast.cast(text, to: target, at: node.location, path: path)
            } else {
                out.value = .string(text)
            }
        case .mapping(let m):
            var result = Mapping()
            for entry in m.entries {
                result.set(entry.key, try apply(entry.value, path: path + [entry.key]), keyLocation: entry.keyLocation)
            }
            out.value = .mapping(result)
        case .sequence(let items):
            var result: [Node] = []
            result.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                result.append(try apply(item, path: path + ["\(i)"]))
            }
            out.value = .sequence(result)
        default:
            break
        }
        return out
    }
}
