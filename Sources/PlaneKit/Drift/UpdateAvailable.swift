/// `plane drift --check-updates`: a service whose tag now points at another registry digest than
/// the image its container runs. Not drift (the files and the engine still agree: the file names a
/// tag, the engine runs what that tag named when it was pulled); `plane upgrade` moves it.
public struct UpdateAvailable: Sendable, Equatable {
    public var service: String
    /// The image reference the files name.
    public var image: String
    /// `repo@sha256:...` of the running image for this repository; nil when it has none (built or
    /// tagged locally, never pulled from this registry).
    public var from: String?
    /// The registry's digest of the tag now.
    public var to: String

    public init(service: String, image: String, from: String?, to: String) {
        self.service = service
        self.image = image
        self.from = from
        self.to = to
    }

    /// The candidates of the upgrade lookup that are updates: a container runs, and the registry's
    /// digest is not the running image's.
    public init?(_ candidate: Upgrade.Candidate) {
        guard candidate.runningImage != nil, candidate.isNewer, let to = candidate.remoteDigest else { return nil }
        self.init(service: candidate.service, image: candidate.image, from: candidate.runningDigest, to: to)
    }

    /// "web update-available: registry/web:stable sha256:0123456789ab -> sha256:ba9876543210 (not drift); plane upgrade web"
    public var line: String {
        "\(service) update-available: \(image) \(Self.short(from)) -> \(Self.short(to)) (not drift); plane upgrade \(service)"
    }

    /// `sha256:` and 12 hex digits, of a digest or a `repo@sha256:...` reference.
    public static func short(_ digest: String?) -> String {
        guard let digest else { return "none" }
        let bare = digest.split(separator: "@", maxSplits: 1).last.map(String.init) ?? digest
        return ImageTags.short(bare)
    }
}
