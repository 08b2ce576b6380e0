import PlaneKit

/// Where `plane history` reads the run history: the state folder's `history.sqlite`
/// (`StateDirectory.historyPath`), the same file the mutating commands write.
enum HistoryLocation {
    static func path(environment: [String: String]) -> String {
        StateDirectory(environment: environment).historyPath
    }
}
