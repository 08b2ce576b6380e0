#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The drift run's metrics for node-exporter's textfile collector (Prometheus text format, no
/// sample timestamps: the collector skips a whole file that has one). Written to a dot-prefixed
/// temporary name in the same folder and renamed over `plane_drift_<project>.prom`, so the
/// collector (which reads `*.prom` only) never sees half a file.
public struct DriftMetrics: Sendable {
    public var project: String
    public var status: DriftStatus
    public var items: [DriftItem]
    public var finishedAt: Date
    public var seconds: Double
    /// `--check-updates`' finding; nil (the registry was not asked): no `plane_drift_updates_available`.
    public var updates: [UpdateAvailable]?

    public init(project: String, status: DriftStatus, items: [DriftItem], finishedAt: Date, seconds: Double, updates: [UpdateAvailable]? = nil) {
        self.project = project
        self.status = status
        self.items = items
        self.finishedAt = finishedAt
        self.seconds = seconds
        self.updates = updates
    }

    public static func fileName(project: String) -> String { "plane_drift_\(project).prom" }

    public var text: String {
        let project = "project=\"\(Self.escape(self.project))\""
        var lines = [
            "# HELP plane_drift_last_run_timestamp_seconds When the last plane drift run finished (Unix time).",
            "# TYPE plane_drift_last_run_timestamp_seconds gauge",
            "plane_drift_last_run_timestamp_seconds{\(project)} \(Self.number(finishedAt.timeIntervalSince1970))",
            "# HELP plane_drift_status Exit status of the last plane drift run: 0 clean or fixed, 1 error, 2 drift, 4 locked, 5 held.",
            "# TYPE plane_drift_status gauge",
            "plane_drift_status{\(project)} \(status.exitCode)",
            "# HELP plane_drift_items Drifted items the last plane drift run found, by service and direction.",
            "# TYPE plane_drift_items gauge",
        ]
        var counts: [String: [DriftDirection: Int]] = [:]
        for item in items { counts[item.service, default: [:]][item.direction, default: 0] += 1 }
        for service in counts.keys.sorted() {
            for direction in DriftDirection.allCases {
                guard let count = counts[service]?[direction] else { continue }
                lines.append("plane_drift_items{\(project),service=\"\(Self.escape(service))\",direction=\"\(direction.rawValue)\"} \(count)")
            }
        }
        lines += [
            "# HELP plane_drift_duration_seconds How long the last plane drift run took.",
            "# TYPE plane_drift_duration_seconds gauge",
            "plane_drift_duration_seconds{\(project)} \(Self.number(seconds))",
        ]
        if let updates {
            lines += [
                "# HELP plane_drift_updates_available Services whose tag points at a newer registry digest than the running image (--check-updates; not drift).",
                "# TYPE plane_drift_updates_available gauge",
                "plane_drift_updates_available{\(project)} \(updates.count)",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `<folder>/plane_drift_<project>.prom` through a temporary file and a rename.
    public func write(to folder: String) throws(PlanError) {
        let target = PathRules.join(folder, Self.fileName(project: project))
        let temporary = PathRules.join(folder, "." + Self.fileName(project: project) + ".tmp")
        let data = Array(text.utf8)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot write \(temporary)") }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let closed = close(fd)
        guard written == data.count, closed == 0 else {
            unlink(temporary)
            throw Self.failure("cannot write \(temporary)")
        }
        guard rename(temporary, target) == 0 else {
            let error = Self.failure("cannot rename \(temporary) to \(target)")
            unlink(temporary)
            throw error
        }
    }

    static func failure(_ message: String) -> PlanError {
        PlanError(.unreadableInput, "\(message): \(String(cString: strerror(errno)))", hint: "--textfile must name a folder this user can write")
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }
}
