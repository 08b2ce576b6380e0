import PlaneKit

/// The one place the commands get their run history from. Until the SQLite store (`PlaneStore`)
/// is wired in, runs are not kept (`NoHistory`): recovery then works from what the engine shows.
func openHistory(state: StateDirectory) throws -> any DeploymentHistory {
    NoHistory()
}
