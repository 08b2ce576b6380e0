/// The short volume syntax `[SOURCE:]TARGET[:OPTIONS]` turned into compose's long form.
enum VolumeSpec {
    static func target(ofShortSyntax spec: String) -> String {
        let parts = split(spec)
        return parts.count == 1 ? parts[0] : parts[1]
    }

    private static func split(_ spec: String) -> [String] {
        spec.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    }

    static func isBindSource(_ source: String) -> Bool {
        source.hasPrefix(".") || source.hasPrefix("/") || source.hasPrefix("~")
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
        if source.count == 1, source.first!.isLetter, parts.count == 2 || target.hasPrefix("/") {
            // `v:/data` reads as a Windows drive path: the whole spec is an anonymous volume's target.
            if parts.count == 2 { return try longForm(String(spec), anonymous: true, at: location) }
        }
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
