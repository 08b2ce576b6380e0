/// Brings the alternative spellings of an attribute to one shape before files are merged, so that
/// a list in one file and a map in another merge key by key (compose-go converts them the same way).
enum PreMergeForm {
    static let keyValueAttributes: Set<String> = ["environment", "labels", "annotations", "sysctls"]
    static let stringOrList: Set<String> = ["dns", "dns_search", "dns_opt", "tmpfs", "env_file", "label_file", "profiles"]

    static func service(_ node: Node) throws(LoadError) -> Node {
        guard var service = node.mapping else { return node }
        for entry in service.entries {
            let key = entry.key
            var value = entry.value
            if keyValueAttributes.contains(key) {
                if key == "environment" { try rejectSpaceBeforeEquals(value) }
                value = try keyValueMapping(value, separator: "=")
            } else if key == "extra_hosts" {
                value = try extraHosts(value)
            } else if stringOrList.contains(key), value.string != nil {
                value = Node(.sequence([value]), location: value.location, tag: value.tag)
            } else if key == "depends_on" || key == "networks" || key == "models", let items = value.sequence {
                var m = Mapping()
                for item in items {
                    guard let name = item.scalarText else {
                        throw LoadError(.invalidType, "services.\(key) entries must be strings", at: item.location)
                    }
                    m.set(name, Node(key == "depends_on" ? .mapping(Mapping()) : .null, location: item.location), keyLocation: item.location)
                }
                value = Node(.mapping(m), location: value.location, tag: value.tag)
            } else if key == "build", let context = value.string {
                value = Node(.mapping(Mapping([("context", Node(.string(context), location: value.location))])), location: value.location, tag: value.tag)
            } else if key == "build", var build = value.mapping {
                for sub in ["args", "labels"] {
                    if let v = build[sub] { build[sub] = try keyValueMapping(v, separator: "=") }
                }
                value.value = .mapping(build)
            } else if key == "deploy", var deploy = value.mapping, let labels = deploy["labels"] {
                deploy["labels"] = try keyValueMapping(labels, separator: "=")
                value.value = .mapping(deploy)
            }
            service[key] = value
        }
        var out = node
        out.value = .mapping(service)
        return out
    }

    /// compose-go refuses `KEY =value` in an environment list (the key would end with a space).
    static func rejectSpaceBeforeEquals(_ node: Node) throws(LoadError) {
        for item in node.sequence ?? [] {
            guard let text = item.string, let eq = text.firstIndex(of: "="), text[..<eq].last?.isWhitespace == true else { continue }
            throw LoadError(.invalidValue, "environment variable \(text[..<eq]) is declared with a trailing space", at: item.location,
                            hint: "remove the space before '='")
        }
    }

    /// `["A=1", "B"]` -> `{A: "1", B: null}`; a map is kept (values stay as written).
    static func keyValueMapping(_ node: Node, separator: Character) throws(LoadError) -> Node {
        guard let items = node.sequence else { return node }
        var m = Mapping()
        for item in items {
            guard let text = item.scalarText else {
                throw LoadError(.invalidType, "expected a \"KEY\(separator)VALUE\" string, found \(item.kindName)", at: item.location)
            }
            if let eq = text.firstIndex(of: separator) {
                m.set(String(text[..<eq]), Node(.string(String(text[text.index(after: eq)...])), location: item.location), keyLocation: item.location)
            } else {
                m.set(text, Node(.null, location: item.location), keyLocation: item.location)
            }
        }
        return Node(.mapping(m), location: node.location, tag: node.tag)
    }

    /// `extra_hosts` as a list of lines before the merge: list entries stay as written (compose
    /// merges the raw text, so `h:ip` in one file and `h=ip` in the next are both kept), except
    /// that `h=ip1,ip2` is one line per address; a map gives `host=value` per address.
    static func extraHosts(_ node: Node) throws(LoadError) -> Node {
        if let m = node.mapping {
            var lines: [Node] = []
            for entry in m.entries {
                for ip in entry.value.sequence ?? [entry.value] {
                    lines.append(Node(.string("\(entry.key)=\(ip.scalarText ?? "")"), location: ip.location))
                }
            }
            return Node(.sequence(lines), location: node.location, tag: node.tag)
        }
        guard let items = node.sequence else { return node }
        var lines: [Node] = []
        for item in items {
            guard let text = item.scalarText else {
                throw LoadError(.invalidType, "extra_hosts entries must be strings", at: item.location)
            }
            guard let (host, ip, separator) = hostAndAddress(text).map({ ($0.host, $0.address, $0.separator) }) else {
                throw LoadError(.invalidValue, "invalid extra_hosts entry \"\(text)\": expected host:ip or host=ip", at: item.location)
            }
            for address in ip.split(separator: ",", omittingEmptySubsequences: false) {
                lines.append(Node(.string("\(host)\(separator)\(address)"), location: item.location))
            }
        }
        return Node(.sequence(lines), location: node.location, tag: node.tag)
    }

    /// `host=ip` or `host:ip` (IPv6 addresses contain colons, so `=` is looked for first).
    static func hostAndAddress(_ text: String) -> (host: String, address: String, separator: Character)? {
        let sep: String.Index?
        if let eq = text.firstIndex(of: "=") { sep = eq } else { sep = text.firstIndex(of: ":") }
        guard let sep else { return nil }
        return (String(text[..<sep]), String(text[text.index(after: sep)...]), text[sep])
    }
}
