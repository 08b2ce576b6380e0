import Foundation
import PlaneKit

/// How `plane drift` shows its result: one line per item for people, a versioned JSON document
/// for scripts (docs/DRIFT.md; `formatVersion` changes only when a field changes meaning or goes).
enum DriftView {
    static let formatVersion = 1

    /// "drift: vm300: 2 items (files->engine 1, engine->files 1)" then one line per item.
    static func text(_ outcome: DriftRun.Outcome) -> String {
        let report = outcome.report
        var lines = report.items.map(\.line) + (report.updates ?? []).map(\.line)
        let counts = DriftDirection.allCases.map { direction in "\(direction.rawValue) \(report.items.filter { $0.direction == direction }.count)" }
        let summary = "\(report.items.count) item\(report.items.count == 1 ? "" : "s") (\(counts.joined(separator: ", ")))"
        let project = report.project.isEmpty ? "" : report.project + ": "
        switch outcome.status {
        case .clean: lines.append("clean: \(project)\(report.checkedServices.count) services match the files")
        case .drift: lines.append("drift: \(project)\(summary)")
        case .fixed: lines.append("fixed: \(project)\(summary) converged (\(outcome.writes) engine writes); checked again: no drift")
        case .held: lines.append("held: \(project)\(summary) not fixed: the freeze file exists")
        case .locked: lines.append("locked: \(project)\(summary) not fixed: another plane run holds the project's lock")
        case .error: lines.append("error: \(project)" + (report.items.isEmpty ? "the check did not complete" : summary + ", and some of it could not be compared or fixed"))
        }
        if let updates = report.updates, !updates.isEmpty, let last = lines.indices.last {
            lines[last] += "; \(updates.count) update\(updates.count == 1 ? "" : "s") available (not drift: plane upgrade --check)"
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static func json(_ outcome: DriftRun.Outcome) -> String {
        let report = outcome.report
        var document: [String: Any] = [
            "formatVersion": formatVersion,
            "project": report.project,
            "status": outcome.status.rawValue,
            "exitCode": Int(outcome.status.exitCode),
            "durationSeconds": (outcome.seconds * 1000).rounded() / 1000,
            "checkedServices": report.checkedServices,
            "items": report.items.map { ["service": $0.service, "direction": $0.direction.rawValue, "cause": $0.code, "text": $0.text, "fix": $0.fix] },
            "errors": report.problems.map { problem -> [String: Any] in
                var entry: [String: Any] = ["message": problem.message]
                if let service = problem.service { entry["service"] = service }
                return entry
            },
            "writes": outcome.writes,
        ]
        if let updates = report.updates {
            document["updates"] = updates.map { update -> [String: Any] in
                var entry: [String: Any] = ["service": update.service, "image": update.image, "to": update.to]
                if let from = update.from { entry["from"] = from }
                return entry
            }
        }
        if let detail = outcome.detail { document["detail"] = detail }
        if let run = outcome.run { document["run"] = Int(run.rawValue) }
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
