/// A history that keeps nothing: what the CLI uses until the SQLite store is wired in.
public struct NoHistory: DeploymentHistory {
    public init() {}
    public func begin(_ run: RunStart) throws(HistoryError) -> RunID { RunID(0) }
    public func willRun(_ step: StepRecord, in run: RunID) throws(HistoryError) {}
    public func didRun(step: Int, in run: RunID, status: StepStatus, error: String?) throws(HistoryError) {}
    public func finish(_ run: RunID, outcome: RunOutcome, services: [ServiceResult]) throws(HistoryError) {}
    public func unfinishedRuns(project: String) throws(HistoryError) -> [RunSummary] { [] }
    public func markRecovered(_ run: RunID, by later: RunID) throws(HistoryError) {}
    public func runs(project: String, service: String?, limit: Int) throws(HistoryError) -> [RunSummary] { [] }
    public func recordImageChange(_ change: ImageChange, in run: RunID) throws(HistoryError) {}
}
