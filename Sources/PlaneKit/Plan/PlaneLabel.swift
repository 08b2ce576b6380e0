/// plane's own labels on the containers it creates.
public enum PlaneLabel {
    /// Keyed digest over the definition hash and every input below: any change means recreate.
    public static let configHash = "dev.plane.config-hash"
    /// Per-input keyed digests (`env:PATH=…;secret:NAME=…;config:NAME=…`), to name what changed.
    public static let inputs = "dev.plane.inputs"
    /// Which label key made the digests (a different key makes every digest differ).
    public static let labelKey = "dev.plane.label-key"
    /// Suffix of the name an old container gets while its replacement starts.
    public static let replacedSuffix = "_plane-old"
    /// On the short-lived container a start-first drain starts to make Traefik re-read the containers
    /// (value: the project); never a service's container.
    public static let drain = "dev.plane.drain"
    /// Suffix of that container's name (after the new container's name).
    public static let drainSuffix = "_plane-drain"
}
