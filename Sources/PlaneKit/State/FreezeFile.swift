import Foundation

/// The freeze file: while it exists, `plane upgrade` (and `plane rollback`, and the drift timer's
/// `drift --fix`) change nothing and exit "held", printing the reason written in it. This is the
/// one place its path is decided: `x-plane.upgrade.freeze-file` of the project (relative to the
/// project folder), else `<state dir>/freeze`.
public struct FreezeFile: Sendable, Equatable {
    public var path: String

    public init(path: String) { self.path = path }

    /// The freeze file of `project` under `state`.
    public static func resolve(project: ResolvedProject, state: StateDirectory) throws(PlanError) -> FreezeFile {
        let settings = try UpgradeSettings.of(project)
        guard let configured = settings.freezeFile else { return FreezeFile(path: state.freezePath) }
        return FreezeFile(path: PathRules.isAbsolute(configured) ? configured : PathRules.join(project.workingDirectory, configured))
    }

    /// nil when there is no freeze; else the reason written in the file (first 4 KiB, trimmed), or
    /// a sentence saying none was written. A freeze path that is not a regular file still holds.
    public func reason() -> String? {
        switch FileSystem.readRegular(path, limit: 4096, truncating: true) {
        case .success(let bytes):
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? "(no reason written in \(path))" : text
        case .failure(let error):
            if error.isMissing { return nil }
            return "(the freeze file \(path) \(error.reason))"
        }
    }
}
