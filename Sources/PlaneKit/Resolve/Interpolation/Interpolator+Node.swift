extension Interpolator {
    /// Receives a required variable (`${NAME:?}`, `${NAME?}`) found unset, the compose path of the
    /// scalar and the error a normal interpolation throws.
    public typealias UnsetRequired = (_ name: String, _ path: [String], _ error: LoadError) -> Void

    /// Interpolates every string scalar of a tree, as compose does on each file before anything else.
    ///
    /// Mapping keys are left alone (compose does not interpolate keys: `${K}: v` stays `${K}`), and so
    /// are non-string scalars; locations and merge tags are kept. `path` is the compose path of `node`
    /// itself (`["services", "web"]`), used in error texts and warnings; sequence items are `[]`.
    /// Subtrees with nothing to substitute are returned as they were, without copying.
    ///
    /// `unsetRequired` (lint's load): an unset required variable is reported there and read as empty
    /// instead of failing.
    public func interpolate(
        node: Node,
        path: [String] = [],
        warnings: inout [InterpolationWarning],
        unsetRequired: UnsetRequired? = nil
    ) throws(LoadError) -> Node {
        var stack = path
        return try walk(node, &stack, &warnings, unsetRequired) ?? node
    }

    /// Interpolates a tree, dropping the warnings about unset variables.
    public func interpolate(node: Node, path: [String] = []) throws(LoadError) -> Node {
        var ignored: [InterpolationWarning] = []
        return try interpolate(node: node, path: path, warnings: &ignored)
    }

    /// The node with its strings interpolated, or nil when nothing in it changed.
    private func walk(
        _ node: Node,
        _ path: inout [String],
        _ warnings: inout [InterpolationWarning],
        _ unsetRequired: UnsetRequired?
    ) throws(LoadError) -> Node? {
        switch node.value {
        case .string(let text):
            guard TemplateSubstitution.mayChange(text) else { return nil }
            var unset: [String] = []
            let result: String
            do throws(TemplateSubstitution.Failure) {
                if let unsetRequired {
                    let scalarPath = path
                    result = try substitute(text, unset: &unset) { failure, name in
                        unsetRequired(name, scalarPath, Self.loadError(failure, at: node.location, path: scalarPath.joined(separator: ".")))
                    }
                } else {
                    result = try TemplateSubstitution.substitute(text, lookup: lookup, unset: &unset)
                }
            } catch {
                throw Self.loadError(error, at: node.location, path: path.joined(separator: "."))
            }
            if !unset.isEmpty {
                let joined = path.joined(separator: ".")
                for name in unset {
                    warnings.append(InterpolationWarning(variable: name, location: node.location, path: joined))
                }
            }
            if result == text { return nil }
            var copy = node
            copy.value = .string(result)
            return copy

        case .sequence(let items):
            var changed: [Node]? = nil
            path.append("[]")
            for index in items.indices {
                let item: Node?
                do throws(LoadError) {
                    item = try walk(items[index], &path, &warnings, unsetRequired)
                } catch {
                    path.removeLast()
                    throw error
                }
                if let item {
                    if changed == nil { changed = items }
                    changed![index] = item
                }
            }
            path.removeLast()
            guard let changed else { return nil }
            var copy = node
            copy.value = .sequence(changed)
            return copy

        case .mapping(let mapping):
            var changed: Mapping? = nil
            for entry in mapping.entries {
                path.append(entry.key)
                let value: Node?
                do throws(LoadError) {
                    value = try walk(entry.value, &path, &warnings, unsetRequired)
                } catch {
                    path.removeLast()
                    throw error
                }
                path.removeLast()
                if let value {
                    if changed == nil { changed = mapping }
                    changed![entry.key] = value
                }
            }
            guard let changed else { return nil }
            var copy = node
            copy.value = .mapping(changed)
            return copy

        case .null, .bool, .int, .uint, .double:
            return nil
        }
    }

    /// Substitutes `text`, reading each required variable found unset as empty (a marker dropped
    /// from the result) after reporting it; other failures are thrown.
    private func substitute(
        _ text: String,
        unset: inout [String],
        reporting: (TemplateSubstitution.Failure, String) -> Void
    ) throws(TemplateSubstitution.Failure) -> String {
        var markers: [String: String] = [:]
        while true {
            var attempt: [String] = []
            do throws(TemplateSubstitution.Failure) {
                let result = try TemplateSubstitution.substitute(text, lookup: { markers[$0] ?? lookup($0) }, unset: &attempt)
                unset += attempt
                guard !markers.isEmpty else { return result }
                return String(String.UnicodeScalarView(result.unicodeScalars.filter { $0 != Self.unsetRequiredMarker }))
            } catch {
                guard case .missingRequired(let name, _) = error, markers[name] == nil else { throw error }
                reporting(error, name)
                markers[name] = String(Self.unsetRequiredMarker)
            }
        }
    }

    private static let unsetRequiredMarker: Unicode.Scalar = "\u{0}"
}
