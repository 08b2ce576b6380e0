import PlaneKit
import PlaneStore

/// The one place the commands get their run history from: the SQLite store in the state folder
/// (`<state dir>/history.sqlite`). A corrupt database, or one written by a newer plane, is an error
/// that changes nothing (never a silent reset).
func openHistory(state: StateDirectory) throws -> any DeploymentHistory {
    try SQLiteHistory(path: state.historyPath)
}
