import DockerEngine

/// What an upgrade (or a rollback) must see before it goes on to the next profile: the services
/// it just replaced, working. `ContainerHealthGate` is Docker's view (running, healthy); `plane
/// health`'s checks (Traefik routes, answers) plug in as another gate, and `AllGates` chains them.
public protocol UpgradeGate: Sendable {
    /// Judges `services` (their containers are up already); never throws: a gate that cannot tell is a failed gate.
    func verdict(on services: [DesiredService], engine: any ContainerEngine) async -> GateVerdict
}

/// A gate's judgement: one reason per failing service.
public struct GateVerdict: Sendable, Equatable {
    public var failures: [String: String]

    public init(failures: [String: String] = [:]) { self.failures = failures }

    public var passed: Bool { failures.isEmpty }

    /// "passed", or "radarr: unhealthy (...); sonarr: exited 1".
    public var text: String {
        passed ? "passed" : failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }
}

/// Every gate at once; the first failing verdict decides and the other gates are cancelled. So
/// `plane health`'s probes run during Docker's monitor window instead of after it (`HealthCheckGate`
/// itself waits for the containers to be running and healthy first: after a failed replacement the
/// restored container may still be starting): the gate lasts the slowest of them, not their sum.
public struct AllGates: UpgradeGate {
    public var gates: [any UpgradeGate]

    public init(_ gates: [any UpgradeGate]) { self.gates = gates }

    public func verdict(on services: [DesiredService], engine: any ContainerEngine) async -> GateVerdict {
        await withTaskGroup(of: GateVerdict.self) { group in
            for gate in gates {
                group.addTask { await gate.verdict(on: services, engine: engine) }
            }
            for await verdict in group where !verdict.passed {
                group.cancelAll()
                return verdict
            }
            return GateVerdict()
        }
    }
}

/// Docker's view: each container running and, when it has a healthcheck, `healthy`; then still so
/// (no exit, no restart, not `unhealthy`) for the `monitor` window: `deploy.update_config.monitor`,
/// whose default is the compose specification's, 0 s (Swarm's CLI says 5 s). A replacement was already
/// proven before its old container went (healthy, or running for the proof window when it has no
/// healthcheck), so the default gate asks Docker once more and `plane health` does the rest; a service
/// that should soak sets `monitor`. Waits at most `timeout` for a container to get there.
public struct ContainerHealthGate: UpgradeGate {
    public var timeout: Duration
    public var monitor: Duration
    public var pollInterval: Duration

    public init(timeout: Duration = .seconds(120), monitor: Duration = .zero, pollInterval: Duration = .milliseconds(250)) {
        self.timeout = timeout
        self.monitor = monitor
        self.pollInterval = pollInterval
    }

    public func verdict(on services: [DesiredService], engine: any ContainerEngine) async -> GateVerdict {
        await withTaskGroup(of: (String, String?).self) { group in
            for service in services {
                group.addTask { (service.name, await self.failure(of: service, engine: engine)) }
            }
            var verdict = GateVerdict()
            for await (name, failure) in group { if let failure { verdict.failures[name] = failure } }
            return verdict
        }
    }

    /// nil when the container holds; else why not.
    func failure(of service: DesiredService, engine: any ContainerEngine) async -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var goodSince: ContinuousClock.Instant?
        var restarts: Int?
        while true {
            let inspect: Engine.ContainerInspect
            do {
                inspect = try await engine.inspectContainer(service.containerName)
            } catch {
                return "cannot inspect \(service.containerName): \(error)"
            }
            let state = inspect.state
            let status = state?.status ?? "unknown"
            if restarts == nil { restarts = inspect.restartCount ?? 0 }
            if status == "exited" || status == "dead" { return "\(service.containerName) \(status) (exit code \(state?.exitCode ?? -1))" }
            if state?.restarting == true || (inspect.restartCount ?? 0) > (restarts ?? 0) { return "\(service.containerName) is restarting" }
            let health = state?.health?.status
            if health == "unhealthy" {
                let streak = state?.health?.failingStreak.map { ", \($0) failed checks in a row" } ?? ""
                return "\(service.containerName) unhealthy\(streak)"
            }
            let good = status == "running" && (health == nil || health == "healthy")
            let now = clock.now
            if good {
                let since = goodSince ?? now
                goodSince = since
                if now - since >= monitor { return nil }
            } else {
                goodSince = nil
            }
            if now >= deadline {
                return "\(service.containerName) not \(health == nil ? "running" : "healthy") after \(timeout) (\(health ?? status))"
            }
            do { try await Task.sleep(for: pollInterval) } catch { return "the gate was interrupted" }
        }
    }
}

/// `plane health` as a gate: after Docker's view holds, the replaced services' routes, answers and
/// enforcement (whatever the project's `x-plane.health` configures; unconfigured checks are skipped,
/// never a silent pass). A failing check fails the service it names, or every replaced service when
/// it is stack-wide (Traefik's API, the LAPI): the v4 case, healthy for Docker and 502 through Traefik.
///
/// It first waits (bounded by `timeout`) for each container to be running and healthy where it has a
/// healthcheck (Docker's view without its monitor window, `waitsForContainers`): Traefik routes only
/// healthy containers, and `AllGates` runs this gate beside Docker's, not after it.
///
/// Traefik learns a replaced container from Docker's events (throttled, 2 s by default): until then
/// its router is missing or its service points at the old container's address. While those are the
/// only failures, the checks run again (every `retryInterval`, for at most `propagation`); any other
/// failure (a 502, a disabled router, a missing middleware) decides at once.
public struct HealthCheckGate: UpgradeGate {
    public var project: ResolvedProject
    public var health: any HealthVerifying
    public var timeout: Double
    public var propagation: Duration
    public var retryInterval: Duration
    public var waitsForContainers: Bool

    public init(project: ResolvedProject, health: any HealthVerifying, timeout: Double = 60,
                propagation: Duration = .seconds(15), retryInterval: Duration = .seconds(1), waitsForContainers: Bool = true) {
        self.project = project
        self.health = health
        self.timeout = timeout
        self.propagation = propagation
        self.retryInterval = retryInterval
        self.waitsForContainers = waitsForContainers
    }

    /// A failure that only says Traefik has not caught up with the container that runs now.
    static func awaitsTraefik(_ report: HealthReport) -> Bool {
        let failures = report.failures
        return !failures.isEmpty && failures.allSatisfy { failure in
            failure.check == RouterCheck.check
                && (failure.cause.contains("is not in Traefik") || failure.cause.contains("does not point at the container"))
        }
    }

    public func verdict(on services: [DesiredService], engine: any ContainerEngine) async -> GateVerdict {
        let names = services.map(\.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if waitsForContainers {
            let ready = await ContainerHealthGate(timeout: .milliseconds(Int(timeout * 1000)), monitor: .zero).verdict(on: services, engine: engine)
            if !ready.passed { return ready }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var report = await health.verify(project: project, services: names, timeout: timeout)
        while Self.awaitsTraefik(report), clock.now - start + retryInterval <= propagation {
            do { try await Task.sleep(for: retryInterval) } catch { break }
            report = await health.verify(project: project, services: names, timeout: timeout)
        }
        var verdict = GateVerdict()
        for failure in report.failures {
            let text = "plane health \(failure.check): \(failure.cause)"
            if let service = failure.service, names.contains(service) {
                verdict.failures[service] = verdict.failures[service].map { $0 + "; " + text } ?? text
            } else {
                for name in names where verdict.failures[name] == nil { verdict.failures[name] = text }
            }
        }
        return verdict
    }
}
