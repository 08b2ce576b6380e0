import ArgumentParser
import DockerEngine
import PlaneKit
#if canImport(Glibc)
import Glibc
#endif

/// `plane ps`: the project's containers, found by compose's project label (so containers made by
/// docker compose show too), as a table or one JSON object per line.
struct PsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps",
        abstract: "List the project's containers.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: ArgumentHelp("Only these services.", valueName: "service"), completion: .custom(Completion.services))
    var services: [String] = []
    @Flag(name: [.customShort("a"), .customLong("all")], help: "Also stopped containers.") var all = false
    @Option(help: "table (default) or json (one object per line, compose's field names).") var format: ListFormat = .table
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only container IDs.") var quiet = false
    @Flag(name: .customLong("services"), help: "Only service names.") var servicesOnly = false
    @Option(name: .customLong("status"), help: "Only containers in this state (repeatable): \(Self.states.joined(separator: ", ")).")
    var status: [String] = []

    static let states = ["paused", "restarting", "removing", "running", "dead", "created", "exited"]

    func validate() throws {
        for state in status where !Self.states.contains(state) {
            throw ValidationError("invalid --status \(state): use one of \(Self.states.joined(separator: ", "))"
                + (Suggestion.nearest(state, among: Self.states).map { " (did you mean \($0)?)" } ?? ""))
        }
        if quiet && servicesOnly { throw ValidationError("-q and --services cannot be combined") }
    }

    func run() async throws {
        // The names are checked against the project only when some are given (a bare `ps` reads no service).
        let wanted = try ServiceScope.check(project, services: services)
        let name = try project.resolvedName()
        let client = try await engine.connect(quickly: true)
        let rows = try await ServiceScope.containers(of: name, client: client, all: all || !status.isEmpty)
            .filter { wanted == nil || wanted!.contains($0.service) }
            .filter { status.isEmpty || status.contains($0.state ?? "") }
        if quiet { return ErrorReporter.writeStdout(rows.map { $0.id + "\n" }.joined()) }
        if servicesOnly {
            var seen = Set<String>()
            return ErrorReporter.writeStdout(rows.map(\.service).filter { seen.insert($0).inserted }.map { $0 + "\n" }.joined())
        }
        switch format {
        case .json:
            ErrorReporter.writeStdout(rows.map { Self.json($0, project: name) + "\n" }.joined())
        case .table:
            var table = [["NAME", "SERVICE", "IMAGE", "STATUS", "PORTS"]]
            for c in rows {
                table.append([c.name ?? c.id, c.labels?[ComposeLabel.service] ?? "", c.image ?? "", c.status ?? "", Self.ports(c)])
            }
            ErrorReporter.writeStdout(Self.align(table))
        }
    }

    static func ports(_ c: Engine.ContainerSummary) -> String {
        var seen = Set<String>()
        return (c.ports ?? []).compactMap { p -> String? in
            let text: String
            if let published = p.publicPort {
                text = "\(p.ip.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""):\(published)->\(p.privatePort)/\(p.type)"
            } else {
                text = "\(p.privatePort)/\(p.type)"
            }
            return seen.insert(text).inserted ? text : nil
        }.joined(separator: ", ")
    }

    static func json(_ c: Engine.ContainerSummary, project: String) -> String {
        let status = c.status ?? ""
        var health = ""
        if status.contains("(healthy)") { health = "healthy" } else if status.contains("(unhealthy)") { health = "unhealthy" } else if status.contains("(health: starting)") { health = "starting" }
        var exitCode = 0
        if status.hasPrefix("Exited ("), let close = status.firstIndex(of: ")") {
            exitCode = Int(status[status.index(status.startIndex, offsetBy: 8)..<close]) ?? 0
        }
        // compose's `ps --format json` (docker's container formatter): a short ID, comma-joined
        // strings for Labels/Networks, counts as strings, Publishers as objects.
        // compose's ps.go: a mount by its volume name, else its source (sorted here: the engine's order
        // varies from call to call); volumes of the local driver counted.
        let mounts = (c.mounts ?? []).map { m in (m.name ?? "").isEmpty ? m.source ?? "" : m.name ?? "" }
        let publishers = (c.ports ?? []).sorted { $0.privatePort < $1.privatePort }
        var line = JSONLine()
        line.add("Command", .string(goQuote(ellipsis(c.command ?? "", 20))))
        line.add("CreatedAt", .string(c.created.map(createdAt) ?? ""))
        line.add("ExitCode", .int(exitCode))
        line.add("Health", .string(health))
        line.add("ID", .string(String(c.id.prefix(12))))
        line.add("Image", .string(c.image ?? ""))
        line.add("Labels", .string((c.labels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")))
        line.add("LocalVolumes", .string(String((c.mounts ?? []).filter { $0.driver == "local" }.count)))
        line.add("Mounts", .string(mounts.sorted().map { ellipsis($0, 15) }.joined(separator: ",")))
        line.add("Name", .string(c.name ?? c.id))
        line.add("Names", .string(c.name ?? c.id))
        line.add("Networks", .string((c.networkSettings?.networks ?? [:]).keys.sorted().joined(separator: ",")))
        line.add("Ports", .string(ports(c)))
        line.add("Project", .string(project))
        line.add("Publishers", .raw("[" + publishers.map { p in
            "{\"URL\":\(JSONLine.quote(p.ip ?? "")),\"TargetPort\":\(p.privatePort),\"PublishedPort\":\(p.publicPort ?? 0),\"Protocol\":\(JSONLine.quote(p.type))}"
        }.joined(separator: ",") + "]"))
        line.add("RunningFor", .string(c.created.map { runningFor(since: $0, now: Int64(time(nil))) } ?? ""))
        line.add("Service", .string(c.labels?[ComposeLabel.service] ?? ""))
        line.add("Size", .string("0B"))
        line.add("State", .string(c.state ?? ""))
        line.add("Status", .string(status))
        return line.text
    }

    static func align(_ rows: [[String]]) -> String {
        var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 3)
            }.joined().trimmingTrailingSpaces + "\n"
        }.joined()
    }

    /// docker's `formatter.Ellipsis` (compose truncates `Command` to 20, each mount to 15): at most
    /// `width` characters, the last one `…` when cut (one column per character: wide CJK characters
    /// count 1 here, 2 in docker's).
    static func ellipsis(_ text: String, _ width: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > width else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(width - 1))
        return String(out) + "…"
    }

    /// Go's `strconv.Quote`: double quotes, `"` and `\` escaped, control characters as Go writes them.
    static func goQuote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// compose's `RunningFor`: go-units' `HumanDuration(now - created)` + " ago".
    static func runningFor(since created: Int64, now: Int64) -> String {
        let seconds = max(0, now - created)
        let hours = Int64((Double(seconds) / 3600).rounded())
        let text: String
        switch seconds {
        case ..<1: text = "Less than a second"
        case 1: text = "1 second"
        case ..<60: text = "\(seconds) seconds"
        case 60..<120: text = "About a minute"
        case ..<3600: text = "\(seconds / 60) minutes"
        default:
            if hours == 1 { text = "About an hour" }
            else if hours < 48 { text = "\(hours) hours" }
            else if hours < 24 * 7 * 2 { text = "\(hours / 24) days" }
            else if hours < 24 * 30 * 2 { text = "\(hours / 24 / 7) weeks" }
            else if hours < 24 * 365 * 2 { text = "\(hours / 24 / 30) months" }
            else { text = "\(seconds / 3600 / 24 / 365) years" }
        }
        return text + " ago"
    }

    /// Go's `time.Time.String()` in UTC, as compose prints `CreatedAt` on a UTC host.
    static func createdAt(_ seconds: Int64) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000 UTC"
    }
}
