/// How the docker CLI names a registry in its config: Docker Hub (`docker.io`, `index.docker.io`)
/// is `https://index.docker.io/v1/` (docker's `registry.IndexServer`, the key `docker login` writes),
/// any other registry its `host[:port]` (`registry.GetAuthConfigKey`). An `auths` key written as a
/// URL (`https://ghcr.io`, `http://registry.example:5000/v2/`) also answers for its host
/// (docker/cli's file store falls back to `ConvertToHostname` of each key).
public enum RegistryKey {
    public static let dockerHub = "https://index.docker.io/v1/"

    /// The config key for `registry` (as `Engine.ImageReference.registry` names it).
    public static func of(registry: String) -> String {
        registry == "docker.io" || registry == "index.docker.io" ? dockerHub : registry
    }

    /// `https://host:port/path` -> `host:port`; `host/path` -> `host` (docker/cli's ConvertToHostname).
    public static func hostname(of key: String) -> String {
        var rest = Substring(key)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            if let at = rest.firstIndex(of: "@"), at < (rest.firstIndex(of: "/") ?? rest.endIndex) {
                rest = rest[rest.index(after: at)...]
            }
        }
        return String(rest.prefix { $0 != "/" })
    }

    /// The `auths` entry for `key`: the entry under exactly that key, else the first (in sorted key
    /// order, where Go's map order is random) whose key's hostname is `key`.
    static func entry<Value>(for key: String, in auths: [String: Value]) -> (key: String, value: Value)? {
        if let exact = auths[key] { return (key, exact) }
        for candidate in auths.keys.sorted() where hostname(of: candidate) == key {
            return (candidate, auths[candidate]!)
        }
        return nil
    }
}
