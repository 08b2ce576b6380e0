/// plane's version, the one place it is written (history rows, `plane --version`, the release
/// script). The git commit is baked in by scripts/build-release.sh, which writes
/// `BuildStamp.generated.swift` (git-ignored) beside this file and builds with `-D PLANE_STAMPED`;
/// any other build says `unknown`.
public enum PlaneVersion {
    public static let version = "0.1.0-dev"

    public static var commit: String {
        #if PLANE_STAMPED
        buildStampCommit
        #else
        "unknown"
        #endif
    }

    /// `plane 0.1.0-dev (commit 1a2b3c4d5e6f)`
    public static var text: String { "plane \(version) (commit \(commit))" }
}
