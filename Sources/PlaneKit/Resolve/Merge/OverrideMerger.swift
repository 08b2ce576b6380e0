/// Merges a later compose model (or an extending service) onto an earlier one.
///
/// Both sides are in pre-merge form (`PreMergeForm`), so list/map spellings of one attribute meet
/// as the same shape. `!reset` drops the earlier value, `!override` replaces it whole.
enum OverrideMerger {
    static func merge(_ base: Node, _ override: Node, path: [String]) -> Node? {
        switch override.tag {
        case .reset: return nil
        case .override:
            var replaced = override
            replaced.tag = .none
            return replaced
        case .none: break
        }
        switch MergeRule.forPath(path) {
        case .replace:
            return override
        case .logging:
            return mergeLogging(base, override, path: path)
        case .keyValue, .deep:
            return mergeDeep(base, override, path: path)
        case .unique(let identity):
            guard var left = base.sequence, let right = override.sequence else { return mergeDeep(base, override, path: path) }
            left.append(contentsOf: right)
            var merged = override
            merged.value = .sequence(Unicity.enforce(left, identity: identity))
            return merged
        }
    }

    private static func mergeDeep(_ base: Node, _ override: Node, path: [String]) -> Node? {
        switch (base.value, override.value) {
        case (.mapping(var left), .mapping(let right)):
            for entry in right.entries {
                let childPath = path + [entry.key]
                if let existing = left[entry.key] {
                    if let merged = merge(existing, entry.value, path: childPath) {
                        left[entry.key] = merged
                    } else {
                        left.remove(entry.key)
                    }
                } else if entry.value.tag != .reset {
                    var value = entry.value
                    value.tag = .none
                    left.set(entry.key, stripTags(value), keyLocation: entry.keyLocation)
                }
            }
            var merged = base
            merged.value = .mapping(left)
            return merged
        case (.sequence(var left), .sequence(let right)):
            left.append(contentsOf: right)
            var merged = override
            merged.value = .sequence(left)
            return merged
        default:
            return stripTags(override)
        }
    }

    private static func mergeLogging(_ base: Node, _ override: Node, path: [String]) -> Node? {
        let baseDriver = base["driver"]?.scalarText
        let overrideDriver = override["driver"]?.scalarText
        if let baseDriver, let overrideDriver, baseDriver != overrideDriver {
            return override
        }
        return mergeDeep(base, override, path: path)
    }

    /// A value that lands where nothing was before keeps no merge tags (they only act on merges).
    static func stripTags(_ node: Node) -> Node {
        var copy = node
        copy.tag = .none
        switch node.value {
        case .mapping(var m):
            var out = Mapping()
            for entry in m.entries where entry.value.tag != .reset {
                out.set(entry.key, stripTags(entry.value), keyLocation: entry.keyLocation)
            }
            m = out
            copy.value = .mapping(m)
        case .sequence(let items):
            copy.value = .sequence(items.filter { $0.tag != .reset }.map(stripTags))
        default: break
        }
        return copy
    }
}
