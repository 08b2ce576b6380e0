import ArgumentParser
import PlaneKit
import PlaneStore

/// `plane history`: the runs plane recorded for the project, newest first, with their steps (cause
/// and outcome) and where each service ended. Read-only: a missing history is not created.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the runs plane recorded for the project, newest first.")

    @OptionGroup(title: "Project") var project: ProjectFlags

    @Option(help: "Only the runs with a step on, or a result for, this service.") var service: String?
    @Option(help: "At most this many runs (0 for all).") var limit: Int = 20
    @Option(help: "text (default) or json (a versioned document, see docs/HISTORY.md).") var format: HistoryFormat = .text

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more, not \(limit)") }
    }

    func run() throws {
        let name = try project.resolvedName()
        let path = HistoryLocation.path(environment: Environment.current)
        guard FileSystem.exists(path) else {
            ErrorReporter.writeStdout(format == .json ? HistoryView.json(project: name, runs: []) : "no runs recorded (\(path) does not exist)\n")
            return
        }
        let runs: [RunSummary]
        do {
            let history = try SQLiteHistory(path: path, create: false)
            runs = try history.runs(project: name, service: service, limit: limit)
        } catch {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[history-\(error.code.rawValue)]: \(error.description)\n")
            throw PlaneExit.invalidProject
        }
        switch format {
        case .json: ErrorReporter.writeStdout(HistoryView.json(project: name, runs: runs))
        case .text:
            ErrorReporter.writeStdout(runs.isEmpty ? "no runs recorded for project \(name)\(service.map { " and service \($0)" } ?? "")\n"
                                                   : HistoryView.text(runs))
        }
    }
}
