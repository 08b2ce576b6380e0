/// Port publications in compose's long form: `[[IP:]PUBLISHED:]TARGET[/PROTOCOL]`, ranges expanded
/// pair by pair as Docker does, published ports printed as strings.
enum PortSpec {
    static func longForms(_ node: Node) throws(LoadError) -> [Node] {
        if let m = node.mapping { return [longForm(m, at: node.location)] }
        guard let text = node.scalarText else {
            throw LoadError(.invalidType, "ports entries must be a string, a number or a mapping", at: node.location)
        }
        return try parse(text, at: node.location).map { Node(.mapping($0), location: node.location) }
    }

    static func longForm(_ m: Mapping, at location: SourceLocation?) -> Node {
        var out = Mapping()
        if let name = m["name"] { out["name"] = name }
        out["mode"] = m["mode"] ?? Node(.string("ingress"), location: location)
        if let ip = m["host_ip"] { out["host_ip"] = ip }
        if let target = m["target"] { out["target"] = target }
        if let published = m["published"], let text = published.scalarText {
            out["published"] = Node(.string(text), location: published.location)
        }
        out["protocol"] = m["protocol"] ?? Node(.string("tcp"), location: location)
        if let app = m["app_protocol"] { out["app_protocol"] = app }
        return Node(.mapping(out), location: location)
    }

    static func parse(_ spec: String, at location: SourceLocation?) throws(LoadError) -> [Mapping] {
        var raw = spec
        var proto = "tcp"
        if let slash = raw.lastIndex(of: "/") {
            proto = String(raw[raw.index(after: slash)...])
            raw = String(raw[..<slash])
        }
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var ip = "", hostPort = ""
        let containerPort = parts[parts.count - 1]
        switch parts.count {
        case 1: break
        case 2: hostPort = parts[0]
        case 3: ip = parts[0]; hostPort = parts[1]
        default:
            ip = parts[0..<(parts.count - 2)].joined(separator: ":")
            hostPort = parts[parts.count - 2]
        }
        if ip.hasPrefix("[") && ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
        func invalid(_ why: String) -> LoadError {
            LoadError(.invalidValue, "invalid port \"\(spec)\": \(why)", at: location,
                      hint: "use [[IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. \"127.0.0.1:8080:80/tcp\"")
        }
        guard ["tcp", "udp", "sctp"].contains(proto) else {
            throw LoadError(.invalidValue, "invalid proto: \(proto)", at: location, hint: "use tcp, udp or sctp")
        }
        guard let (start, end) = range(containerPort), end <= 65535 else { throw invalid("invalid containerPort: \(containerPort)") }
        var hostStart = 0, hostEnd = 0
        if !hostPort.isEmpty {
            guard let r = range(hostPort), r.1 <= 65535 else { throw invalid("invalid hostPort: \(hostPort)") }
            (hostStart, hostEnd) = r
            if end - start != hostEnd - hostStart && end != start {
                throw invalid("invalid ranges specified for container and host ports")
            }
        }
        var out: [Mapping] = []
        for i in 0...(end - start) {
            var m = Mapping()
            m["mode"] = Node(.string("ingress"), location: location)
            if !ip.isEmpty { m["host_ip"] = Node(.string(ip), location: location) }
            m["target"] = Node(.int(start + i), location: location)
            if !hostPort.isEmpty {
                let published = start == end && hostStart != hostEnd ? "\(hostStart)-\(hostEnd)" : "\(hostStart + i)"
                m["published"] = Node(.string(published), location: location)
            }
            m["protocol"] = Node(.string(proto), location: location)
            out.append(m)
        }
        return out
    }

    private static func range(_ text: String) -> (Int, Int)? {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2, let a = Int(bounds[0]), a >= 0 else { return nil }
        if bounds.count == 1 { return (a, a) }
        guard let b = Int(bounds[1]), b >= a else { return nil }
        return (a, b)
    }
}
