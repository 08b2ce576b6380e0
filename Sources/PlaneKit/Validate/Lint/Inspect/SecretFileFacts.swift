/// What the file system says about a secret file, gathered once for every secret rule: the entry
/// itself (a link?), what it resolves to, its bytes (never printed), its folder.
struct SecretFileFacts {
    var entry: Result<FileStatus, SystemError>
    /// Where a symbolic link points, as written in the link.
    var linkTarget: String?
    /// `stat` of the path (through a link).
    var resolved: Result<FileStatus, SystemError>
    /// The content when the path resolves to a regular file that could be read.
    var content: Result<[UInt8], SystemError>?
    var folder: FileStatus?

    init(path: String) {
        entry = FileStatus.of(path, followingLinks: false)
        if case .success(let status) = entry, status.kind == .symlink { linkTarget = FileSystem.linkTarget(path) }
        resolved = FileStatus.of(path, followingLinks: true)
        if case .success(let status) = resolved, status.kind == .regular { content = FileSystem.readBytes(path) }
        folder = try? FileStatus.of(PathRules.dirname(path), followingLinks: true).get()
    }

    var exists: Bool { (try? entry.get()) != nil }
    var status: FileStatus? { try? resolved.get() }
    var bytes: [UInt8]? { try? content?.get() }
}
