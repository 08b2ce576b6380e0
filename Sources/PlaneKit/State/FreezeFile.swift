import Foundation

/// The freeze file: while it exists, automation that changes the engine (`plane upgrade`,
/// `plane drift --fix`, the timer's fix) is refused with the "held" status, and the reason written
/// in it is shown. Its path is the project's `x-plane.upgrade.freeze-file` (relative to the project's
/// folder), else `freeze` in the state directory. One resolution for every command that honours it.
public struct FreezeFile: Sendable, Equatable {
    public var path: String

    public init(path: String) { self.path = path }

    /// `x-plane.upgrade.freeze-file`, else `<state dir>/freeze`.
    public static func resolve(project: ResolvedProject, state: StateDirectory) throws(PlanError) -> FreezeFile {
        guard let plane = project.extensions["x-plane"] else { return FreezeFile(path: state.freezePath) }
        guard let settings = plane.mapping else { throw PlanError(.extension_, "x-plane must be a mapping", at: plane.location) }
        guard let upgrade = settings["upgrade"] else { return FreezeFile(path: state.freezePath) }
        guard let options = upgrade.mapping else {
            throw PlanError(.extension_, "x-plane.upgrade must be a mapping", at: upgrade.location)
        }
        guard let entry = options["freeze-file"] else { return FreezeFile(path: state.freezePath) }
        guard let value = entry.string, !value.isEmpty else {
            throw PlanError(.extension_, "x-plane.upgrade.freeze-file must be a file path", at: entry.location)
        }
        return FreezeFile(path: value.hasPrefix("/") ? value : PathRules.join(project.workingDirectory, value))
    }

    /// The reason written in it (its first non-empty line, at most 200 characters) when it exists;
    /// nil when there is no freeze. An empty file freezes too ("no reason given").
    public func reason() -> String? {
        guard FileSystem.exists(path) else { return nil }
        let text = (try? FileSystem.readText(path)) ?? ""
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        return line.map { String($0.prefix(200)) } ?? "no reason given"
    }
}
