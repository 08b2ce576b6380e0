/// Reading one service's values for the Engine: each reader takes the canonical node and either
/// returns what compose would send or throws a `PlanError` naming `services.<name>.<key>`. A value
/// plane cannot read is refused, never replaced by a default.
extension ContainerCreateMapping {
    struct Values {
        let service: String

        func path(_ key: String) -> String { "services.\(service).\(key)" }

        func refused(_ key: String, _ node: Node?, because reason: String) -> PlanError {
            PlanError(.unsupported, "\(path(key)): \(reason)", at: node?.location,
                      hint: "remove it or change it; plane refuses what it cannot apply rather than run a different container")
        }

        func invalid(_ key: String, _ node: Node, expected: String) -> PlanError {
            PlanError(.unsupported, "\(path(key)): expected \(expected), found \(node.kindName)", at: node.location)
        }

        /// A scalar as text; nil for null.
        func text(_ node: Node, _ key: String) throws(PlanError) -> String? {
            if node.isNull { return nil }
            guard let text = node.scalarText else { throw invalid(key, node, expected: "a string") }
            return text
        }

        /// A list of scalars (a lone scalar is a list of one); nil for null.
        func strings(_ node: Node, _ key: String) throws(PlanError) -> [String]? {
            if node.isNull { return nil }
            if let text = node.scalarText { return [text] }
            guard let items = node.sequence else { throw invalid(key, node, expected: "a list of strings") }
            var result: [String] = []
            for item in items {
                guard let text = item.scalarText else { throw invalid(key, item, expected: "a string") }
                result.append(text)
            }
            return result
        }

        /// A map of strings (null values are empty), or a `KEY=value` list.
        func stringMap(_ node: Node, _ key: String) throws(PlanError) -> [String: String] {
            var result: [String: String] = [:]
            if node.isNull { return result }
            if let map = node.mapping {
                for entry in map.entries {
                    if entry.value.isNull { result[entry.key] = ""; continue }
                    guard let text = entry.value.scalarText else { throw invalid("\(key).\(entry.key)", entry.value, expected: "a string") }
                    result[entry.key] = text
                }
                return result
            }
            for line in try strings(node, key) ?? [] {
                if let eq = line.firstIndex(of: "=") {
                    result[String(line[..<eq])] = String(line[line.index(after: eq)...])
                } else {
                    result[line] = ""
                }
            }
            return result
        }

        /// `KEY=value` lines sorted by key; a key without value is passed as `KEY` (taken from
        /// the daemon's environment by nobody: the Engine keeps it unset).
        func environment(_ node: Node) throws(PlanError) -> [String]? {
            if node.isNull { return nil }
            guard let map = node.mapping else { throw invalid("environment", node, expected: "a mapping") }
            var lines: [String] = []
            for entry in map.sortedEntries {
                if entry.value.isNull { lines.append(entry.key); continue }
                guard let text = entry.value.scalarText else { throw invalid("environment.\(entry.key)", entry.value, expected: "a string") }
                lines.append("\(entry.key)=\(text)")
            }
            return lines
        }

        func bool(_ node: Node, _ key: String) throws(PlanError) -> Bool? {
            if node.isNull { return nil }
            if let flag = node.bool { return flag }
            switch node.string?.lowercased() {
            case "true", "yes", "on", "y": return true
            case "false", "no", "off", "n": return false
            default: throw invalid(key, node, expected: "a boolean")
            }
        }

        /// A whole number (an integral string too), range-checked for the Engine's int64.
        func int64(_ node: Node, _ key: String) throws(PlanError) -> Int64? {
            switch node.value {
            case .null: return nil
            case .int(let i): return Int64(i)
            case .double(let d):
                guard d.isFinite, d == d.rounded(), abs(d) < 9.2e18 else { throw invalid(key, node, expected: "a whole number") }
                return Int64(d)
            case .string(let s):
                guard let i = Int64(s.trimmingSpaces()) else { throw invalid(key, node, expected: "a whole number") }
                return i
            default: throw invalid(key, node, expected: "a whole number")
            }
        }

        func int(_ node: Node, _ key: String) throws(PlanError) -> Int? {
            guard let value = try int64(node, key) else { return nil }
            guard let i = Int(exactly: value) else { throw invalid(key, node, expected: "a smaller number") }
            return i
        }

        /// A byte size (`64m`, `1g`, `1048576`).
        func bytes(_ node: Node, _ key: String) throws(PlanError) -> Int64? {
            switch node.value {
            case .null: return nil
            case .int(let i): return Int64(i)
            case .string(let s):
                guard let count = ByteUnits.parse(s) else { throw invalid(key, node, expected: "a byte size (512m, 1g)") }
                return count
            default: throw invalid(key, node, expected: "a byte size (512m, 1g)")
            }
        }

        /// A finite number (`cpus: 0.5`, `"1.5"`).
        func double(_ node: Node, _ key: String) throws(PlanError) -> Double? {
            let value: Double
            switch node.value {
            case .null: return nil
            case .int(let i): value = Double(i)
            case .double(let d): value = d
            case .string(let s):
                guard let d = Double(s.trimmingSpaces()) else { throw invalid(key, node, expected: "a number") }
                value = d
            default: throw invalid(key, node, expected: "a number")
            }
            guard value.isFinite, abs(value) < 1e15 else { throw refused(key, node, because: "\(node.scalarText ?? "") is not a finite number plane can send") }
            return value
        }

        /// A Go duration in nanoseconds.
        func duration(_ node: Node, _ key: String) throws(PlanError) -> Int64 {
            guard let text = node.scalarText, let ns = GoDuration.parseNanoseconds(text) else {
                throw refused(key, node, because: "\"\(node.scalarText ?? node.kindName)\" is not a duration")
            }
            return ns
        }
    }

    /// compose multiplies float32 values (`cpus * 1e9`, `cpu_percent * 100`) and truncates.
    static func float32Product(_ value: Double, _ factor: Float) -> Int64 {
        let product = Float(value) * factor
        guard product.isFinite, abs(product) < 9.2e18 else { return product < 0 ? Int64.min : Int64.max }
        return Int64(product)
    }
}
