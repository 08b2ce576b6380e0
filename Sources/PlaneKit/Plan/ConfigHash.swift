/// The per-service config hash plane stamps on containers: sha256 of the service's
/// `CanonicalEncoding` (sorted keys) without the attributes that do not change the container
/// (build, pull_policy, scale, depends_on, profiles), as docker compose does for its own hash.
/// Pinned by golden tests (ConfigHashGoldenTests): it must never move with the output writers.
public enum ConfigHash {
    static let ignored: Set<String> = ["build", "pull_policy", "scale", "depends_on", "profiles"]

    public static func compose(_ service: Node) -> String {
        var definition = service
        if var m = service.mapping {
            for key in ignored { m.remove(key) }
            definition = Node(.mapping(m))
        }
        var hasher = SHA256()
        hasher.update(CanonicalEncoding.encode(definition))
        return HMAC.hex(hasher.finalize())
    }
}
