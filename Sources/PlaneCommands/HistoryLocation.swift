import PlaneKit

/// Where the run history lives: `<state dir>/history.sqlite`, the state dir being the label key's
/// (`PLANE_STATE_DIR`, else `$XDG_STATE_HOME/plane`, else `~/.local/state/plane`). The one place
/// that says so, for `history` and the commands that record runs.
enum HistoryLocation {
    static let fileName = "history.sqlite"

    static func path(environment: [String: String]) -> String {
        PathRules.join(LabelKey.stateDirectory(environment: environment), fileName)
    }
}
