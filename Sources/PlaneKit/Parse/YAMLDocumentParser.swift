import Yams

/// Decodes compose YAML into `Node` trees the way compose-go's YAML library does: YAML 1.2 core
/// scalars (`yes` stays a string), merge keys applied, `!reset`/`!override` kept as tags,
/// duplicate keys rejected, every document of a multi-document file returned in order.
public enum YAMLDocumentParser {
    /// Bounds on what a document may expand to once its aliases are substituted, far above any
    /// real compose file (a large stack is a few thousand nodes): a 300-byte "billion laughs"
    /// alias bomb must fail in milliseconds, not take a minute and a gigabyte. libyaml itself
    /// bounds nesting (1000 levels).
    public enum Limits {
        public static let nodes = 200_000
        public static let scalarBytes = 4 << 20
        public static let expandedScalarBytes = 32 << 20
    }

    /// What the documents of one file expanded to so far.
    struct Budget {
        var nodes = 0
        var scalarBytes = 0
        let file: String

        mutating func spend(_ yams: Yams.Node, scalarLength: Int = 0) throws(LoadError) {
            nodes += 1
            scalarBytes += scalarLength
            let at = YAMLDocumentParser.location(yams.mark, file)
            if scalarLength > Limits.scalarBytes {
                throw LoadError(.yamlSyntax, "YAML scalar of \(scalarLength) bytes is larger than plane's limit of \(Limits.scalarBytes >> 20) MiB", at: at,
                                hint: "move large content to a file and reference it (configs: file:)")
            }
            if nodes > Limits.nodes || scalarBytes > Limits.expandedScalarBytes {
                throw LoadError(.yamlSyntax, "YAML document expands to more than \(nodes > Limits.nodes ? "\(Limits.nodes) values" : "\(Limits.expandedScalarBytes >> 20) MiB of text") once its aliases are substituted", at: at,
                                hint: "an alias (*name) repeats its whole anchored value; nested aliases multiply (a YAML alias bomb?)")
            }
        }
    }

    public static func parse(_ text: String, file: String) throws(LoadError) -> [Node] {
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            var documents: [Node] = []
            var budget = Budget(file: file)
            while let root = try parser.nextRoot() {
                documents.append(try convert(root, file: file, budget: &budget))
            }
            return documents
        } catch let error as LoadError {
            throw error
        } catch let error as YamlError {
            throw loadError(from: error, text: text, file: file)
        } catch {
            throw LoadError(.yamlSyntax, "cannot parse \(file): \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    static func location(_ mark: Mark?, _ file: String) -> SourceLocation? {
        mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    private static func convert(_ yams: Yams.Node, file: String, budget: inout Budget) throws(LoadError) -> Node {
        let loc = location(yams.mark, file)
        if case .scalar(let scalar) = yams { try budget.spend(yams, scalarLength: scalar.string.utf8.count) } else { try budget.spend(yams) }
        switch yams {
        case .scalar(let scalar):
            let tagName = scalar.tag.description
            let mergeTag = Self.mergeTag(tagName)
            let value: Node.Value
            if scalar.style != .plain && scalar.style != .any {
                value = .string(scalar.string)
            } else {
                value = ScalarResolver.resolve(plain: scalar.string, tag: mergeTag == .none ? tagName : "")
            }
            var node = Node(value, location: loc, tag: mergeTag)
            node.isTimestamp = (scalar.style == .plain || scalar.style == .any) && ScalarResolver.dateOnly(scalar.string) != nil
            return node
        case .sequence(let sequence):
            var items: [Node] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, file: file, budget: &budget)) }
            return Node(.sequence(items), location: loc, tag: mergeTag(sequence.tag.description))
        case .mapping(let mapping):
            return Node(.mapping(try convertMapping(mapping, file: file, budget: &budget)), location: loc, tag: mergeTag(mapping.tag.description))
        case .alias:
            // Yams substitutes aliases with their anchored node while parsing.
            throw LoadError(.yamlSyntax, "unresolved YAML alias", at: loc)
        }
    }

    private static func mergeTag(_ name: String) -> Node.MergeTag {
        switch name {
        case "!reset": return .reset
        case "!override": return .override
        default: return .none
        }
    }

    private static func convertMapping(_ mapping: Yams.Node.Mapping, file: String, budget: inout Budget) throws(LoadError) -> Mapping {
        var result = Mapping()
        var merged: [Mapping] = []
        for (keyNode, valueNode) in mapping {
            let keyLoc = location(keyNode.mark, file)
            if case .scalar(let k) = keyNode, k.string == "<<", k.style == .plain || k.style == .any {
                merged.append(contentsOf: try mergeSources(valueNode, file: file, at: keyLoc, budget: &budget))
                continue
            }
            let key = try keyText(keyNode, file: file)
            result.set(key, try convert(valueNode, file: file, budget: &budget), keyLocation: keyLoc)
        }
        // Explicit keys win over merged ones; among merged maps the first listed wins. compose-go
        // removes `!reset` keys before merge keys are applied: from the anchored mapping itself, so
        // they never reach a `<<`, and from this mapping, so a `<<` fills the key back in.
        guard !merged.isEmpty else { return result }
        var reset = Set(result.entries.filter { $0.value.tag == .reset }.map(\.key))
        for source in merged {
            for entry in source.entries where entry.value.tag != .reset && (!result.contains(entry.key) || reset.contains(entry.key)) {
                reset.remove(entry.key)
                result.set(entry.key, entry.value, keyLocation: entry.keyLocation)
            }
        }
        return result
    }

    private static func mergeSources(_ node: Yams.Node, file: String, at loc: SourceLocation?, budget: inout Budget) throws(LoadError) -> [Mapping] {
        switch node {
        case .mapping(let m):
            return [try convertMapping(m, file: file, budget: &budget)]
        case .sequence(let s):
            var maps: [Mapping] = []
            for item in s {
                guard case .mapping(let m) = item else {
                    throw LoadError(.invalidMergeKey, "map merge requires map or sequence of maps as the value", at: loc ?? location(item.mark, file))
                }
                maps.append(try convertMapping(m, file: file, budget: &budget))
            }
            return maps
        default:
            throw LoadError(.invalidMergeKey, "map merge requires map or sequence of maps as the value", at: loc ?? location(node.mark, file))
        }
    }

    private static func keyText(_ node: Yams.Node, file: String) throws(LoadError) -> String {
        guard case .scalar(let s) = node else {
            throw LoadError(.invalidType, "mapping keys must be scalars", at: location(node.mark, file))
        }
        if s.style == .plain || s.style == .any {
            // Yams rewrites key tags while checking duplicates, so keys are typed from their text alone.
            let resolved = Node(ScalarResolver.resolve(plain: s.string, tag: ""))
            if resolved.isNull {
                throw LoadError(.invalidType, "non-string key: null (an empty or ~ key)", at: location(node.mark, file),
                                hint: "give the key a name, or quote it")
            }
            switch resolved.value {
            case .bool, .int, .uint, .double:
                // compose-go refuses any key YAML reads as a number or a boolean (`1: one` in labels).
                throw LoadError(.invalidType, "non-string key: \(s.string) is read as a \(resolved.kindName)", at: location(node.mark, file),
                                hint: "quote it: \"\(s.string)\"")
            default:
                return resolved.scalarText ?? s.string
            }
        }
        return s.string
    }

    private static func loadError(from error: YamlError, text: String, file: String) -> LoadError {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let line = secondOccurrence(of: key, after: context.mark, in: text) ?? context.mark.line
            return LoadError(
                .duplicateKey, "mapping key \"\(key)\" already defined at line \(context.mark.line)",
                at: SourceLocation(file: file, line: line, column: context.mark.column),
                hint: "remove one of the two \"\(key)\" entries; YAML mappings cannot repeat a key")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return LoadError(.yamlSyntax, message, at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .reader(let problem, _, let value, _):
            return LoadError(.yamlSyntax, "cannot read YAML: \(problem) (byte \(value))", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return LoadError(.yamlSyntax, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// Yams reports a duplicate at its first occurrence; a person needs the repeated line.
    private static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> Int? {
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard lineNumber > mark.line else { continue }
            let scalars = Array(line.unicodeScalars)
            let start = mark.column - 1
            guard start < scalars.count, scalars[0..<start].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[start...]))
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate + ":") {
                return lineNumber
            }
        }
        return nil
    }
}
