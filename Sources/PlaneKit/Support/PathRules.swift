/// POSIX path arithmetic with Go's `filepath` semantics, which is what compose prints
/// (`Clean` removes `.`/`..`/double slashes; `Join` cleans).
public enum PathRules {
    public static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    public static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    public static func join(_ base: String, _ path: String) -> String {
        if path.isEmpty { return clean(base) }
        if base.isEmpty { return clean(path) }
        return clean(base + "/" + path)
    }

    /// `path` made absolute against `base` (already absolute); absolute paths are only cleaned.
    public static func absolute(_ path: String, relativeTo base: String) -> String {
        isAbsolute(path) ? clean(path) : join(base, path)
    }

    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return clean(String(path[..<slash]))
    }

    public static func basename(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Relative form of `path` under `base`, for messages (`core/traefik/compose.yaml`).
    public static func display(_ path: String, under base: String) -> String {
        let b = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(b) ? String(path.dropFirst(b.count)) : path
    }
}
