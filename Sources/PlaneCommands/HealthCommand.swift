import ArgumentParser
import DockerEngine
import Foundation
import HealthProbe
import PlaneKit

/// `plane health`: prove the selected services work end to end (containers, Traefik routes through
/// their chains, CrowdSec enforcement, Alloy's export), as configured in `x-plane.health`.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Prove the stack works: containers, Traefik routes, CrowdSec enforcement, Alloy export.",
        discussion: """
            Checks are configured in compose.yaml's top-level x-plane.health block (traefik, crowdsec, alloy; \
            credentials only from files); an absent block makes its checks `skip` with the reason. Each result \
            is {check, service, status: pass|fail|skip, cause, evidence}; a failure that blocks others (Traefik \
            down, a stopped container, the LAPI down) is reported once and the rest say "blocked by ...". \
            The CrowdSec probe bans the second test address for 2 minutes (scenario plane/health-probe) and \
            removes the ban on every exit path; a ban left by a killed run is removed by the next.

            Exit codes: 0 every check passed or was skipped with a reason; 1 a check failed; 2 the project \
            or its x-plane.health block could not be loaded; 3 the engine could not be reached; \
            130/143 interrupted by SIGINT/SIGTERM (plane's ban removed first).
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services to check, with what they depend on (default: the --profile services, else every service).") var services: [String] = []
    @Option(help: "Output: text or json (one document).") var format: ProgressFormat = .text
    @Option(help: "Deadline for the whole run: seconds or a duration such as 90s, 2m (default 120s).") var timeout: String = "120s"

    func validate() throws {
        guard HealthConfiguration.seconds(timeout) != nil else {
            throw ValidationError("--timeout must be a positive duration such as 30s or 2m, got \(timeout)")
        }
    }

    func run() async throws {
        let interruption = Interruption()
        interruption.watch()
        let resolved = try ProjectLoading.load(project.allProfiles)
        let selected = try await ErrorReporter.exiting {
            try HealthCommand.select(resolved, profiles: project.requestedProfiles(environment: Environment.current), services: services)
        }
        let client = try await engine.connect()
        let run = HealthRun(engine: client)
        try HealthCommand.refuseInvalidConfiguration(run, resolved)
        let seconds = HealthConfiguration.seconds(timeout) ?? 120
        let task = Task { await run.verify(project: resolved, services: selected, timeout: seconds) }
        interruption.onInterrupt { task.cancel() }
        let report = await task.value
        HealthCommand.render(report, format: format)
        if interruption.caught != nil { throw ExitCode(interruption.exitCode) }
        if report.verdict == .failed { throw PlaneExit.failure }
    }

    /// The services of the profiles asked for (with what they depend on), or the services named.
    /// With neither profiles nor services, `plane health` checks every service (`up --verify` passes
    /// `everyByDefault: false`: exactly what the up selected).
    static func select(_ project: ResolvedProject, profiles: [String], services: [String], everyByDefault: Bool = true) throws -> [String] {
        let all = everyByDefault && profiles.isEmpty && services.isEmpty
        let selection = try ServiceSelection.resolve(project: project, order: try ProfileOrder.of(project),
                                                     profiles: all ? ["*"] : profiles, services: services)
        return selection.services
    }

    /// A mistake in x-plane.health is the project's: named at its file:line:column, exit 2.
    static func refuseInvalidConfiguration(_ run: HealthRun, _ project: ResolvedProject) throws {
        let (_, problems) = run.configuration(of: project)
        guard !problems.isEmpty else { return }
        for (problem, location) in problems {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[health-config]: " + (location.map { "\($0): " } ?? "") + "\(problem)\n")
        }
        throw PlaneExit.invalidProject
    }

    static func render(_ report: HealthReport, format: ProgressFormat) {
        switch format {
        case .json: ErrorReporter.writeStdout(document(report) + "\n")
        case .text: ErrorReporter.writeStdout(text(report))
        }
    }

    /// The JSON document of a report, on one line (docs/JSON.md).
    static func document(_ report: HealthReport) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            struct Document: Encodable {
                var project: String
                var verdict: String
                var seconds: Double
                var counts: [String: Int]
                var results: [HealthResult]
            }
            let document = Document(project: report.project, verdict: report.verdict.rawValue, seconds: (report.seconds * 1000).rounded() / 1000,
                                    counts: ["pass": report.count(.pass), "fail": report.count(.fail), "skip": report.count(.skip)],
                                    results: report.results)
            let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
    }

    static func text(_ report: HealthReport) -> String {
        var out = ""
        for r in report.results {
            let subject = r.service.map { " \($0)" } ?? ""
            out += "\(r.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0)) \(r.check)\(subject): \(r.cause)"
            if !r.evidence.isEmpty { out += " [\(r.evidence.joined(separator: "; "))]" }
            out += "\n"
        }
        out += "\(report.project): \(report.count(.pass)) passed, \(report.count(.fail)) failed, \(report.count(.skip)) skipped in "
            + String(format: "%.1fs", report.seconds) + "\n"
        return out
    }
}
