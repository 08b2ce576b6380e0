import ArgumentParser
import DockerEngine
import PlaneKit

/// `plane ps`: the project's containers, found by compose's project label (so containers made by
/// docker compose show too), as a table or one JSON object per line.
struct PsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps",
        abstract: "List the project's containers.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Only these services.") var services: [String] = []
    @Flag(name: [.customShort("a"), .customLong("all")], help: "Also stopped containers.") var all = false
    @Option(help: "table (default) or json (one object per line).") var format: ListFormat = .table

    func run() async throws {
        let name = try project.resolvedName()
        let client = try await engine.connect(quickly: true)
        let containers = try await ErrorReporter.exiting {
            try await client.listContainers(all: all, filters: Engine.Filters.label(ComposeLabel.project, name))
        }
        let rows = containers
            .filter { $0.labels?[ComposeLabel.oneoff] != "True" }
            .filter { services.isEmpty || services.contains($0.labels?[ComposeLabel.service] ?? "") }
            .sorted { ($0.name ?? "") < ($1.name ?? "") }
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
        var line = JSONLine()
        line.add("ID", .string(c.id))
        line.add("Name", .string(c.name ?? c.id))
        line.add("Service", .string(c.labels?[ComposeLabel.service] ?? ""))
        line.add("Project", .string(project))
        line.add("Image", .string(c.image ?? ""))
        line.add("State", .string(c.state ?? ""))
        line.add("Health", .string(health))
        line.add("ExitCode", .int(exitCode))
        line.add("Status", .string(status))
        line.add("Ports", .string(ports(c)))
        line.add("Networks", .strings((c.networkSettings?.networks ?? [:]).keys.sorted()))
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
}
