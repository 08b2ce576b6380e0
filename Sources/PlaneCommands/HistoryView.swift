import Foundation
import PlaneKit

/// How `plane history` shows runs: text for people, a versioned JSON document for scripts
/// (shape in docs/HISTORY.md; `formatVersion` changes only when a field changes meaning or goes).
enum HistoryView {
    static let formatVersion = 1

    // MARK: - Text

    /// One block per run:
    ///
    ///     run 12  up  succeeded  2026-12-01 22:59:59Z (took 3.2 s)  by plane-admin (interactive, pid 4242)  profiles core, medias
    ///       step 0  rename vm300-radarr-1  succeeded  recreate radarr: secret transmission_pass changed
    ///       radarr  healthy  lscr.io/linuxserver/radarr@sha256:...  container 3f2a9c0d1e2f
    static func text(_ runs: [RunSummary]) -> String {
        runs.map(text).joined(separator: "\n")
    }

    static func text(_ run: RunSummary) -> String {
        var head = "run \(run.id)  \(run.start.kind.rawValue)  \(outcomeText(run))  \(timestamp(run.start.startedAt))"
        if let finished = run.finishedAt { head += " (took \(duration(finished.timeIntervalSince(run.start.startedAt))))" }
        head += "  by \(run.start.user) (\(run.start.trigger), pid \(run.start.pid))"
        head += "  profiles " + (run.start.profiles.isEmpty ? "(none)" : run.start.profiles.joined(separator: ", "))
        if !run.start.services.isEmpty { head += "  services " + run.start.services.joined(separator: ", ") }
        var lines = [head]
        for step in run.steps {
            var line = "  step \(step.record.index)  \(step.record.action) \(step.record.target)  \(step.status.rawValue)"
            if let error = step.error { line += ": " + error }
            line += "  " + step.record.causeText
            if let intent = step.record.intent { line += " [\(intent)]" }
            lines.append(line)
        }
        for change in run.imageChanges {
            var line = "  \(change.service)  \(change.status.rawValue)  \(change.image)  "
            line += "\(change.fromDigest ?? change.fromImage.map(shortID) ?? "none") -> \(change.toDigest ?? change.toImage.map(shortID) ?? "?")"
            if let gate = change.gate { line += "  gate \(gate)" }
            lines.append(line)
        }
        for result in run.services {
            var line = "  \(result.service)  \(result.status)"
            if let digest = result.repoDigest { line += "  " + digest }
            if let image = result.imageID { line += "  image " + shortID(image) }
            if let container = result.containerID { line += "  container " + shortID(container) }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func outcomeText(_ run: RunSummary) -> String {
        switch run.outcome {
        case .recovered?: "recovered" + (run.recoveredBy.map { " by run \($0)" } ?? "")
        case let outcome?: outcome.rawValue
        case nil: "unfinished"
        }
    }

    /// UTC, to the second: history is read across machines and time zones.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(dateTimeSeparator: .space, timeZone: .gmt))
    }

    static func duration(_ seconds: TimeInterval) -> String {
        seconds < 60 ? String(format: "%.1f s", seconds) : "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }

    /// `sha256:3f2a9c0d1e2f...` -> `sha256:3f2a9c0d1e2f`; a container ID to its 12 characters.
    static func shortID(_ id: String) -> String {
        if id.hasPrefix("sha256:") { return String(id.prefix(7 + 12)) }
        return String(id.prefix(12))
    }

    // MARK: - JSON

    struct Document: Encodable {
        var formatVersion: Int
        var project: String
        var runs: [Run]
    }

    struct Run: Encodable {
        var id: Int64
        var kind: String
        /// Absent while the run is unfinished.
        var outcome: String?
        var recoveredBy: Int64?
        var startedAt: String
        var finishedAt: String?
        var user: String
        var pid: Int32
        var trigger: String
        var planeVersion: String
        var profiles: [String]
        var services: [String]
        var steps: [Step]
        var results: [Result]
        /// Upgrade and rollback runs only (absent otherwise).
        var imageChanges: [ImageChangeEntry]?
    }

    struct ImageVersion: Encodable {
        var imageID: String?
        var repoDigest: String?
    }

    struct ImageChangeEntry: Encodable {
        var service: String
        var profile: String
        var image: String
        var from: ImageVersion
        /// The from image was healthy when recorded: it is the service's last-good.
        var fromHealthy: Bool
        var to: ImageVersion
        var status: String
        var gate: String?
    }

    struct Step: Encodable {
        var index: Int
        var action: String
        var target: String
        var service: String?
        var cause: String
        var causeText: String
        var intent: String?
        var status: String
        var error: String?
        var startedAt: String
        var finishedAt: String?
    }

    struct Result: Encodable {
        var service: String
        var status: String
        var containerID: String?
        var imageID: String?
        var repoDigest: String?
    }

    static func json(project: String, runs: [RunSummary]) -> String {
        let document = Document(formatVersion: formatVersion, project: project, runs: runs.map { run in
            Run(id: run.id.rawValue, kind: run.start.kind.rawValue, outcome: run.outcome?.rawValue, recoveredBy: run.recoveredBy?.rawValue,
                startedAt: instant(run.start.startedAt), finishedAt: run.finishedAt.map(instant), user: run.start.user,
                pid: run.start.pid, trigger: run.start.trigger, planeVersion: run.start.planeVersion, profiles: run.start.profiles,
                services: run.start.services,
                steps: run.steps.map { step in
                    Step(index: step.record.index, action: step.record.action, target: step.record.target, service: step.record.service,
                         cause: step.record.cause, causeText: step.record.causeText, intent: step.record.intent,
                         status: step.status.rawValue, error: step.error, startedAt: instant(step.startedAt),
                         finishedAt: step.finishedAt.map(instant))
                },
                results: run.services.map { Result(service: $0.service, status: $0.status, containerID: $0.containerID,
                                                   imageID: $0.imageID, repoDigest: $0.repoDigest) },
                imageChanges: run.imageChanges.isEmpty ? nil : run.imageChanges.map { change in
                    ImageChangeEntry(service: change.service, profile: change.profile, image: change.image,
                                     from: ImageVersion(imageID: change.fromImage, repoDigest: change.fromDigest), fromHealthy: change.fromHealthy,
                                     to: ImageVersion(imageID: change.toImage, repoDigest: change.toDigest), status: change.status.rawValue,
                                     gate: change.gate)
                })
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }  // plain strings and numbers: cannot fail
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// RFC 3339 in UTC with milliseconds.
    static func instant(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
