/// The short volume syntax `[SOURCE:]TARGET[:OPTIONS]` turned into compose's long form.
enum VolumeSpec {
    static func target(ofShortSyntax spec: String) -> String {
        let parts = split(spec)
        return parts.count == 1 ? parts[0] : parts[1]
    }

    /// At most three fields split on `:`; a field that starts with one letter and a colon is a
    /// Windows drive (`C:\\data`, `c:/data`): that colon belongs to the field, as in compose-go.
    static func split(_ spec: String) -> [String] {
        var fields: [String] = []
        var field = ""
        for c in spec {
            if c == ":" && fields.count < 2 && !(field.count == 1 && field.first!.isLetter) {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }

    static func isBindSource(_ source: String) -> Bool {
        source.hasPrefix(".") || source.hasPrefix("/") || source.hasPrefix("~") || source.hasPrefix("\\\\") || isWindowsDrive(source)
    }

    /// `C:...`: one letter, then a colon.
    static func isWindowsDrive(_ source: String) -> Bool {
        var it = source.makeIterator()
        guard let first = it.next(), first.isLetter, it.next() == ":" else { return false }
        return true
    }

    /// A Windows absolute path (`C:\\x`, `c:/x`, `\\\\server\\share`): compose leaves it as written.
    static func isWindowsAbsolute(_ path: String) -> Bool {
        if path.hasPrefix("\\\\") { return true }
        let chars = Array(path.prefix(3))
        return chars.count == 3 && chars[0].isLetter && chars[1] == ":" && (chars[2] == "\\" || chars[2] == "/")
    }

    /// Long form of a short spec; bind sources are left as written (paths are resolved later).
    static func longForm(_ spec: String, anonymous: Bool = false, at location: SourceLocation?) throws(LoadError) -> Mapping {
        let parts = anonymous ? [spec] : split(spec)
        var m = Mapping()
        func node(_ v: Node.Value) -> Node { Node(v, location: location) }
        if parts.count == 1 {
            guard !spec.isEmpty else { throw LoadError(.invalidValue, "invalid empty volume spec", at: location) }
            m["type"] = node(.string("volume"))
            m["target"] = node(.string(spec))
            m["volume"] = node(.mapping(Mapping()))
            return m
        }
        let source = parts[0], target = parts[1]
        if source.isEmpty {
            throw LoadError(.invalidValue, "invalid spec: \(spec): empty section between colons", at: location,
                            hint: "write SOURCE:TARGET, or only TARGET for an anonymous volume")
        }
        guard !target.isEmpty else { throw LoadError(.invalidValue, "invalid volume spec \"\(spec)\": empty target", at: location) }
        let options = parts.count == 3 ? parts[2].split(separator: ",").map(String.init) : []
        let bind = isBindSource(source)
        m["type"] = node(.string(bind ? "bind" : "volume"))
        if !source.isEmpty { m["source"] = node(.string(source)) }
        m["target"] = node(.string(target))
        var readOnly = false
        var selinux: String?
        var bindOptions = Mapping()
        var volumeOptions = Mapping()
        for option in options {
            switch option {
            case "ro": readOnly = true
            case "rw": readOnly = false
            case "z", "Z": selinux = option
            case "nocopy": volumeOptions["nocopy"] = node(.bool(true))
            case "shared", "rshared", "slave", "rslave", "private", "rprivate":
                bindOptions["propagation"] = node(.string(option))
            default:
                break
            }
        }
        if readOnly { m["read_only"] = node(.bool(true)) }
        if let selinux { bindOptions["selinux"] = node(.string(selinux)) }
        if bind {
            bindOptions["create_host_path"] = node(.bool(true))
            m["bind"] = node(.mapping(bindOptions))
        } else {
            if !bindOptions.isEmpty { m["bind"] = node(.mapping(bindOptions)) }
            m["volume"] = node(.mapping(volumeOptions))
        }
        return m
    }
}
