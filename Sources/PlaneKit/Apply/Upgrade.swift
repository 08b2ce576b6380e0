#if canImport(Glibc)
import Glibc
#endif
import DockerEngine
import Foundation

/// `plane upgrade` and `plane rollback`: move services to other images profile by profile, each
/// profile gated, and put back the last-good images of a profile whose gate fails. Built on the
/// deploy core: the same selection, lint gate, run lock, write-ahead journal, plans (a service
/// whose tag now names another image is a replacement the `Reconciler` plans, with its
/// `ReplacementProof` and `Restoration`), and history. Rollback never runs by digest: the tag is
/// pointed back at the kept image (`ImageTags`), so the files and the container agree afterwards.
public struct Upgrade: Sendable {
    public var project: ResolvedProject
    /// Profiles and services asked for; dependencies are not upgraded with them.
    public var request: UpRequest
    public var engine: any ContainerEngine
    public var key: LabelKey
    /// Also put back the profiles this run upgraded before the failing one.
    public var atomic = false
    public var gate: any UpgradeGate = ContainerHealthGate()
    public var skipLint = false

    public init(project: ResolvedProject, request: UpRequest, engine: any ContainerEngine, key: LabelKey) {
        self.project = project
        var request = request
        request.withDependencies = false
        self.request = request
        self.engine = engine
        self.key = key
    }

    /// One selected service and what the registry has for its tag.
    public struct Candidate: Sendable, Equatable {
        public var service: String
        public var profile: String
        public var stage: Int
        public var image: String
        /// The image ID the service's container runs (nil: no container).
        public var runningImage: String?
        /// The image ID the tag names on the engine.
        public var localImage: String?
        /// `repo@sha256:...` of the running image for this repository.
        public var runningDigest: String?
        /// The registry's digest of the tag now.
        public var remoteDigest: String?
        /// Why it cannot be upgraded, when it cannot.
        public var skip: Skip?
        /// `skip` as a sentence (output, history).
        public var problem: String? { skip?.description }

        public enum Skip: Sendable, Equatable, CustomStringConvertible {
            /// `image: repo@sha256:...`: an upgrade is an edit of the file.
            case pinnedByDigest
            /// `build:` or `pull_policy: build | never`: no registry to look up.
            case builtLocally
            /// The tag could be looked up and the registry did not answer (why: the engine's error).
            case lookupFailed(image: String, error: String)

            public var description: String {
                switch self {
                case .pinnedByDigest: "pinned by digest: an upgrade is an edit of the file"
                case .builtLocally: "built locally (build: or pull_policy: build | never): no registry to look up"
                case .lookupFailed(let image, let error): "the registry's digest of \(image) is unknown: \(error)"
                }
            }
        }

        /// Its tag could be looked up (not pinned by digest, not built here) and the registry did not answer.
        public var lookupFailed: Bool { if case .lookupFailed = skip { true } else { false } }

        /// The registry has something else than what runs.
        public var isNewer: Bool {
            guard skip == nil, let remoteDigest else { return false }
            return runningDigest.map { !$0.hasSuffix("@" + remoteDigest) } ?? true
        }
    }

    public enum Outcome: Sendable {
        case refused(LintGate.Verdict)
        case held(reason: String, path: String)
        case locked(RunLock.Holder)
        /// `--check` or `--dry-run`: what would change, nothing written.
        case checked([Candidate])
        case upToDate([Candidate])
        /// Every profile's gate held.
        case upgraded(Report)
        /// A gate (or a replacement) failed: `Report` says what was rolled back.
        case failed(Report)
        /// SIGINT/SIGTERM (the task cancelled): the step in flight finished, what it had set aside
        /// runs again, the tags point at the last-good images again; the run stays unfinished in
        /// the journal, and the next mutating run converges what it left, as after a kill.
        case interrupted(Report)
    }

    public struct Report: Sendable {
        public var run: RunID
        public var changes: [ImageChange] = []
        /// The profile whose gate failed, and why.
        public var failedProfile: String?
        public var failure: String?
        public var pruned: [String] = []
        public var notes: [String] = []
        /// Services whose registry lookup failed (unreachable, a login refused): not upgraded, and
        /// the run exits non-zero for them even when the others upgraded.
        public var lookupFailures: [Candidate] = []
        public var rollbackFailed: Bool { changes.contains { $0.status == .rollbackFailed } }
    }

    /// The gate, watching at least `monitor` (deploy.update_config.monitor) when it is Docker's.
    func gate(monitor: Duration?) -> any UpgradeGate { Self.gate(gate, monitor: monitor) }

    /// `gate` with each `ContainerHealthGate` in it (alone or in `AllGates`, as `plane upgrade` chains
    /// it before `plane health`) watching at least `monitor`.
    static func gate(_ gate: any UpgradeGate, monitor: Duration?) -> any UpgradeGate {
        guard let monitor else { return gate }
        if var health = gate as? ContainerHealthGate {
            health.monitor = max(health.monitor, monitor)
            return health
        }
        if let all = gate as? AllGates { return AllGates(all.gates.map { Self.gate($0, monitor: monitor) }) }
        return gate
    }

    // MARK: Check

    /// Resolves each selected service's tag to the registry's digest through the engine; downloads
    /// nothing (`GET /distribution/{name}/json`, image and container inspects).
    public func candidates() async throws -> (ServiceSelection, DesiredState, [Candidate]) {
        let selection = try Convergence.select(project: project, request: request)
        let desired = try DesiredState.build(project: project, selection: selection, key: key,
                                             multipleNetworksAtCreate: engine.features.supportsMultipleNetworksAtCreate)
        return (selection, desired, await Self.candidates(of: desired.services, selection: selection, engine: engine))
    }

    /// The registry lookup of `plane upgrade --check`, for any services (`plane drift --check-updates`
    /// uses it too): per service the running image's repo digest and the registry's digest of its tag,
    /// each tag looked up once. Nothing is downloaded; a failed lookup is the candidate's `problem`.
    /// The lookups and the inspects run concurrently (`width` at a time): on the 28-service stack they
    /// were most of an upgrade's own time when made one after the other.
    public static func candidates(of services: [DesiredService], selection: ServiceSelection, engine: any ContainerEngine,
                                  width: Int = 8) async -> [Candidate] {
        var images: [String] = []
        for service in services where !service.locallyBuilt && !Engine.ImageReference(parsing: service.image).isDigest
            && !images.contains(service.image) {
            images.append(service.image)
        }
        let lookups: [Result<String, any Error>] = await images.concurrentMap(width: width) { image in
            do { return .success(try await engine.registryDigest(image)) } catch { return .failure(error) }
        }
        let remote = Dictionary(uniqueKeysWithValues: zip(images, lookups))
        let local: [Candidate] = await services.concurrentMap(width: width) { service in
            var candidate = Candidate(service: service.name, profile: selection.stageName(service.stage), stage: service.stage, image: service.image)
            let parsed = Engine.ImageReference(parsing: service.image)
            let running = try? await engine.inspectContainer(service.containerName)
            candidate.runningImage = running?.image
            candidate.localImage = (try? await engine.inspectImage(service.image))?.id
            if let id = running?.image, let image = try? await engine.inspectImage(id) {
                candidate.runningDigest = image.repoDigests?.first { Engine.ImageReference(parsing: $0).repository == parsed.repository }
            }
            return candidate
        }
        return services.indices.map { index in
            var candidate = local[index]
            if services[index].locallyBuilt {
                candidate.skip = .builtLocally
            } else if Engine.ImageReference(parsing: candidate.image).isDigest {
                candidate.skip = .pinnedByDigest
            } else {
                switch remote[candidate.image]! {
                case .success(let digest): candidate.remoteDigest = digest
                case .failure(let error): candidate.skip = .lookupFailed(image: candidate.image, error: "\(error)")
                }
            }
            return candidate
        }
    }

    // MARK: Run

    /// The run was cancelled (SIGINT/SIGTERM): nothing more starts. The run is left unfinished, as a
    /// killed one; the tags it moved point at the last-good images again now (the journal's
    /// recovery, in a task of its own: the cancelled one may not call the engine), and the next
    /// mutating run converges the containers.
    func interrupted(_ report: Report, options: Deployment.RunOptions) async -> Outcome {
        let history = options.history, engine = self.engine, project = project.name
        let notes = await Task {
            let unfinished = (try? history.unfinishedRuns(project: project)) ?? []
            return await UpgradeRecovery.restoreTags(of: unfinished.filter { $0.id == report.run }, history: history, engine: engine)
        }.value
        for note in notes { options.onNote(note) }
        return .interrupted(report)
    }

    public func run(_ options: Deployment.RunOptions, freeze: FreezeFile, keep: Int = 2, dryRun: Bool = false) async throws -> Outcome {
        // The freeze file first: a held upgrade makes no engine call at all.
        if let reason = freeze.reason() { return .held(reason: reason, path: freeze.path) }
        let (_, verdict) = try Deployment.gate(project: project, request: request, skipLint: skipLint)
        if let verdict, !verdict.allowsDeploy { return .refused(verdict) }
        if dryRun { return .checked(try await candidates().2) }

        let lock: RunLock
        switch try await options.takeLock(project: project.name) {
        case .acquired(let acquired): lock = acquired
        case .held(let holder): return .locked(holder)
        }
        defer { lock.release() }

        let history = options.history
        let unfinished = try history.unfinishedRuns(project: project.name)
        let start = RunStart(project: project.name, kind: .upgrade, startedAt: Date(), user: Deployment.user(), pid: getpid(),
                             profiles: request.profiles, services: request.services, trigger: options.trigger, planeVersion: Deployment.version)
        var session = UpgradeSession(upgrade: self, options: options, history: history)
        if !unfinished.isEmpty {
            for note in await UpgradeRecovery.restoreTags(of: unfinished, history: history, engine: engine) { options.onNote(note) }
            // Converge what the killed run left (aside containers, a new container beside its old one).
            let (selection, _, _) = try await candidates()
            let runID = try session.open(start)
            if let failure = await session.converge(selection.services) {
                options.onNote("converging what the interrupted run left failed: \(failure)")
            }
            for old in unfinished { try? history.markRecovered(old.id, by: runID) }
        }

        let (selection, desired, found) = try await candidates()
        for candidate in found {
            guard let skip = candidate.skip else { continue }
            options.onNote("\(candidate.service): skipped, \(skip)")
        }
        let changing = found.filter(\.isNewer)
        guard !changing.isEmpty else {
            if let run = session.run { try? history.finish(run, outcome: .succeeded, services: []) }
            return .upToDate(found)
        }
        let runID = try session.run ?? session.open(start)
        var report = Report(run: runID)
        report.lookupFailures = found.filter(\.lookupFailed)
        let stages = Dictionary(grouping: changing, by: \.stage).sorted { $0.key < $1.key }
        var committed: [[ImageChange]] = []
        for (stage, group) in stages {
            let profile = selection.stageName(stage)
            let services = group.compactMap { candidate in desired.services.first { $0.name == candidate.service } }
            let policy = RolloutPolicy.combined(group.map { RolloutPolicy.of(project.services[$0.service]) })
            if Task.isCancelled { return await interrupted(report, options: options) }
            var changes = await session.prepare(group, services: services)
            let pulled = await session.pull(&changes)
            if Task.isCancelled { return await interrupted(report, options: options) }
            report.changes += changes.filter { $0.status == .unchanged }
            changes = changes.filter { $0.status != .unchanged }
            var failure = pulled
            var gateFailed = false
            if failure == nil, !changes.isEmpty {
                failure = await session.converge(changes.map(\.service))
                if Task.isCancelled { return await interrupted(report, options: options) }
                if failure == nil {
                    let verdict = await gate(monitor: policy.monitor)
                        .verdict(on: services.filter { s in changes.contains { $0.service == s.name } }, engine: engine)
                    for i in changes.indices { changes[i].gate = verdict.failures[changes[i].service].map { "failed: \($0)" } ?? (verdict.passed ? "passed" : "passed (another service failed)") }
                    if Task.isCancelled { return await interrupted(report, options: options) }
                    session.journalGate(profile: profile, verdict: verdict)
                    if !verdict.passed {
                        failure = "gate failed: \(verdict.text)"
                        gateFailed = true
                    }
                } else {
                    for i in changes.indices { changes[i].gate = "not reached: \(failure!)" }
                }
            }
            if let failure, gateFailed, policy.failureAction != .rollback {
                // update_config.failure_action pause / continue: the profile stays on the new version.
                for i in changes.indices {
                    changes[i].status = .kept
                    session.record(changes[i])
                }
                report.changes += changes
                report.failedProfile = report.failedProfile ?? profile
                report.failure = report.failure ?? failure
                options.onNote("\(profile): \(failure); kept on the new version (update_config.failure_action \(policy.failureAction.rawValue))")
                if policy.failureAction == .pause { break }
                continue
            }
            if let failure {
                options.onNote("\(profile): \(failure); rolling back \(changes.map(\.service).joined(separator: ", "))")
                report.failedProfile = profile
                report.failure = failure
                changes = await session.rollBack(changes, services: services, gate: gate(monitor: policy.rollbackMonitor))
                report.changes += changes
                if atomic {
                    for earlier in committed.reversed() {
                        let names = Set(earlier.map(\.service))
                        let earlierServices = desired.services.filter { names.contains($0.name) }
                        let back = await session.rollBack(earlier, services: earlierServices)
                        for change in back {
                            if let i = report.changes.firstIndex(where: { $0.service == change.service }) { report.changes[i] = change }
                        }
                    }
                }
                break
            }
            for i in changes.indices {
                changes[i].status = .upgraded
                session.record(changes[i])
                options.onNote("\(changes[i].service): upgraded \(ImageTags.short(changes[i].fromImage)) -> \(ImageTags.short(changes[i].toImage)), gate passed")
            }
            committed.append(changes)
            report.changes += changes
            if policy.delay > .zero, stage != stages.last?.key {
                options.onNote("\(profile): waiting \(policy.delay) before the next profile (deploy.update_config.delay)")
                try? await Task.sleep(for: policy.delay)
            }
        }
        if report.failure == nil {
            report.pruned = await session.prune(report.changes.filter { $0.status == .upgraded }, keep: keep)
        }
        let kept = report.changes.contains { $0.status == .kept }
        let outcome: RunOutcome = report.failure == nil ? .succeeded : (report.rollbackFailed ? .restoreFailed : kept ? .failed : .restored)
        let results = report.changes.map { change in
            ServiceResult(service: change.service, containerID: nil,
                          imageID: change.status == .upgraded || change.status == .kept ? change.toImage : change.fromImage,
                          repoDigest: change.status == .upgraded || change.status == .kept ? change.toDigest : change.fromDigest,
                          status: change.status.rawValue)
        }
        try? history.finish(runID, outcome: outcome, services: results)
        return report.failure == nil ? .upgraded(report) : .failed(report)
    }
}
