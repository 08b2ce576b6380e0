import ArgumentParser
import DockerEngine
import PlaneKit
import Synchronization
import Foundation

/// `plane logs`: the project's container logs as docker compose prints them (`radarr-1  | line`,
/// names padded to the longest,
/// stdout and stderr frames demultiplexed, both to stdout), coloured per container on a terminal.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "View output from the project's containers.",
        discussion: "Exit codes: 0 done (with -f: every followed container stopped); 2 unknown service or profile; 3 engine unreachable.")

    @OptionGroup(title: "Project") var projectFlags: ProjectFlagsLongFile
    var project: ProjectFlags { projectFlags.flags }
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: ArgumentHelp("Only these services.", valueName: "service"), completion: .custom(Completion.services))
    var services: [String] = []
    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Follow log output (until every container stops).") var follow = false
    @Option(name: .customLong("tail"), help: "Number of lines from the end of each container's logs, or \"all\".") var tail = "all"
    @Option(name: .customLong("since"), help: "Logs since a timestamp (2006-01-02T15:04:05Z, unix seconds) or a relative time (42m, 1h30m).")
    var since: String?
    @Flag(name: [.customShort("t"), .customLong("timestamps")], help: "Show timestamps.") var timestamps = false
    @Flag(name: .customLong("no-color"), help: "Monochrome output.") var noColor = false
    @Flag(name: .customLong("no-log-prefix"), help: "Don't print the container name prefix.") var noLogPrefix = false

    func validate() throws {
        if tail != "all" && (Int(tail) ?? -1) < 0 {
            throw ValidationError("--tail must be a number of lines or \"all\", got \(tail)")
        }
        if let since, LogTime.engineValue(since, now: 0) == nil {
            throw ValidationError("invalid value for --since: \(since) is neither a time (2006-01-02T15:04:05Z, unix seconds) nor a duration (42m)")
        }
    }

    func run() async throws {
        let name = try project.resolvedName()
        // The engine is asked (connect, list) while the project loads: a project error still comes
        // first, an engine error is reported after it (docs/PERFORMANCE.md, logs).
        let engine = self.engine
        let listing = Task { () async throws -> (Engine.Client, [Engine.ContainerSummary]) in
            let client = try await Engine.Client.connectQuickly(try engine.configuration())
            return (client, try await ServiceScope.containers(of: name, client: client, all: true, reporting: false))
        }
        let wanted: Set<String>?
        do { wanted = try ServiceScope.check(project, services: services) } catch {
            listing.cancel()
            throw error
        }
        let (client, listed) = try await ErrorReporter.exiting { try await listing.value }
        let containers = listed.filter { wanted == nil || wanted!.contains($0.service) }
        let now = Double(Date().timeIntervalSince1970)
        let options = Engine.LogOptions(
            timestamps: timestamps, tail: tail == "all" ? nil : Int(tail), since: since.flatMap { LogTime.engineValue($0, now: now) })
        let color = !noColor && ErrorReporter.colorAllowed(on: 1)
        let output = LogOutput()
        let failures = SharedList()
        let follow = follow, noLogPrefix = noLogPrefix
        // compose pads every name to the longest one it has seen; plane knows them all up front.
        let width = containers.map { $0.shortName(project: name).count }.max() ?? 0
        await withTaskGroup(of: Void.self) { group in
            for (index, container) in containers.enumerated() {
                let prefix = noLogPrefix ? "" : LogOutput.prefix(container.shortName(project: name), width: width, colorIndex: color ? index : nil)
                group.addTask {
                    do {
                        var lines = LogLines(prefix: prefix)
                        if follow {
                            for try await frame in try await client.followLogs(container.id, options: options) {
                                output.write(lines.feed(frame.payload))
                            }
                        } else {
                            // One container's block at once: lines of two containers never interleave.
                            var block = ""
                            for frame in try await client.logs(container.id, options: options) { block += lines.feed(frame.payload) }
                            output.write(block)
                        }
                        output.write(lines.finish())
                    } catch let error as EngineError {
                        failures.append("\(container.name ?? container.id): \(error.description)")
                    } catch {
                        failures.append("\(container.name ?? container.id): \(error)")
                    }
                }
            }
        }
        let failed = failures.items
        for failure in failed { ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[logs]: \(failure)\n") }
        if !failed.isEmpty { throw PlaneExit.engineUnavailable }
    }
}

/// Splits one container's log payloads into prefixed lines, whatever the frame boundaries.
struct LogLines {
    let prefix: String
    private var pending: [UInt8] = []

    init(prefix: String) { self.prefix = prefix }

    mutating func feed(_ payload: Data) -> String {
        pending.append(contentsOf: payload)
        guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return "" }
        let complete = pending[...last]
        pending.removeSubrange(...last)
        var text = ""
        for line in complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            text += prefix + String(decoding: line, as: UTF8.self) + "\n"
        }
        return text
    }

    /// A last line without its newline.
    mutating func finish() -> String {
        defer { pending = [] }
        return pending.isEmpty ? "" : prefix + String(decoding: pending, as: UTF8.self) + "\n"
    }
}

/// stdout shared by every container's task: one write per block, under a lock.
final class LogOutput: Sendable {
    private let lock = Mutex(())

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        lock.withLock { _ in ErrorReporter.writeStdout(text) }
    }

    /// compose's colours, in its order (cyan, yellow, green, magenta, blue, then bright ones).
    static let colors = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"]

    static func prefix(_ name: String, width: Int, colorIndex: Int?) -> String {
        let padded = name + String(repeating: " ", count: max(0, width - name.count))
        guard let colorIndex else { return padded + "  | " }
        return "\u{1B}[\(colors[colorIndex % colors.count])m\(padded)  |\u{1B}[0m "
    }
}

/// `--since` as the Engine wants it (unix seconds): a relative duration (`42m`, `1h30m`, `10s`),
/// RFC 3339 (`2006-01-02T15:04:05Z`, with fractions or an offset), a date, or unix seconds.
enum LogTime {
    static func engineValue(_ text: String, now: Double) -> String? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.isEmpty { return nil }
        if let seconds = Double(value), !value.contains("e"), !value.contains("E") { return value.contains(".") ? value : String(Int64(seconds)) }
        if let duration = goDuration(value) { return String(Int64(now - duration)) }
        for format in ["yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: value) { return String(Int64(date.timeIntervalSince1970)) }
        }
        return nil
    }

    /// Go's `time.ParseDuration` units: h, m, s, ms, us, ns; several parts (`1h30m`).
    static func goDuration(_ text: String) -> Double? {
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("h", 3600), ("m", 60), ("s", 1)]
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let amount = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += amount * unit.1
        }
        return total
    }
}

/// Strings gathered by concurrent tasks.
final class SharedList: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ item: String) { storage.withLock { $0.append(item) } }
    var items: [String] { storage.withLock { $0 } }
}
