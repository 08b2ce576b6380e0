import DockerEngine
import Foundation

/// One upgrade or rollback run in progress: its history run, the journal's step numbering across
/// the several plans it executes, and the steps that are not plan operations (pull, tag, gate).
struct UpgradeSession {
    let upgrade: Upgrade
    let options: Deployment.RunOptions
    let history: any DeploymentHistory
    private(set) var run: RunID?
    /// Steps journalled so far: the next plan's ids start after them.
    private var steps = 0
    /// Each prepared service's last-good: what a failed gate puts back (`LastGood`).
    private(set) var lastGood: [String: LastGood] = [:]

    init(upgrade: Upgrade, options: Deployment.RunOptions, history: any DeploymentHistory) {
        self.upgrade = upgrade
        self.options = options
        self.history = history
    }

    var engine: any ContainerEngine { upgrade.engine }

    mutating func open(_ start: RunStart) throws -> RunID {
        let id = try history.begin(start)
        run = id
        return id
    }

    func record(_ change: ImageChange) {
        guard let run else { return }
        try? history.recordImageChange(change, in: run)
    }

    /// Journals a step that is not a plan operation; returns its index for `finish`.
    private mutating func journal(_ action: String, _ target: String, service: String?, cause: String, text: String) -> Int {
        steps += 1
        if let run {
            try? history.willRun(StepRecord(index: steps, action: action, target: target, service: service, cause: cause,
                                            causeText: text, intent: nil), in: run)
        }
        return steps
    }

    private func finish(_ step: Int, error: String?) {
        guard let run else { return }
        try? history.didRun(step: step, in: run, status: error == nil ? .succeeded : .failed, error: error)
    }

    /// The last-good of each service, recorded before anything is touched: the image it runs when it
    /// is running and healthy now, else the newest image an earlier run proved healthy. A service with
    /// neither is left alone (status `unchanged`, the reason in `gate`): a failed gate would have
    /// nothing healthy to put back.
    mutating func prepare(_ group: [Upgrade.Candidate], services: [DesiredService]) async -> [ImageChange] {
        var changes: [ImageChange] = []
        for candidate in group {
            var healthy = false
            var state: String?
            if let service = services.first(where: { $0.name == candidate.service }),
               let inspect = try? await engine.inspectContainer(service.containerName) {
                let health = inspect.state?.health?.status
                healthy = inspect.state?.status == "running" && (health == nil || health == "healthy")
                state = health.map { "\(inspect.state?.status ?? "unknown"), \($0)" } ?? (inspect.state?.status ?? "unknown")
            }
            var change = ImageChange(
                service: candidate.service, profile: candidate.profile, image: candidate.image, fromImage: candidate.runningImage,
                fromDigest: candidate.runningDigest, fromHealthy: healthy, toImage: nil,
                toDigest: candidate.remoteDigest.map { "\(Engine.ImageReference(parsing: candidate.image).repository)@\($0)" },
                status: .replacing, gate: nil)
            let earlier = healthy ? [] : ((try? history.runs(project: upgrade.project.name, service: candidate.service, limit: 0)) ?? [])
            if let good = LastGood.of(change, in: run ?? RunID(Int64.max), earlier: earlier) {
                lastGood[candidate.service] = good
                if !healthy {
                    options.onNote("\(candidate.service): not healthy now (\(state ?? "no container")), so \(ImageTags.short(candidate.runningImage)) is not its last-good; "
                        + "a failed gate returns it to \(ImageTags.short(good.image)), proved healthy by run \(good.run.map { "\($0.rawValue)" } ?? "?")")
                }
            } else if let state {
                change.status = .unchanged
                change.gate = "not upgraded: not healthy now (\(state)) and no earlier healthy image recorded, so a failed gate would have nothing to return to"
                options.onNote("\(candidate.service): \(change.gate!); make it healthy first, or take the new image without a gate: plane up --pull always \(candidate.service)")
            }
            record(change)
            changes.append(change)
        }
        return changes
    }

    /// Pulls each changed tag; fills `toImage`; a tag that still names the running image is `unchanged`.
    mutating func pull(_ changes: inout [ImageChange]) async -> String? {
        var pulled: [String: String] = [:]
        for i in changes.indices where changes[i].status == .replacing {
            let image = changes[i].image
            if pulled[image] == nil {
                let step = journal("pull", image, service: changes[i].service, cause: "upgrade",
                                   text: "upgrade \(changes[i].service): the registry has \(changes[i].toDigest ?? "a new digest")")
                options.onNote("\(changes[i].profile): pulling \(image) for \(changes[i].service)")
                do {
                    try await engine.pull(image)
                    let inspect = try await engine.inspectImage(image)
                    pulled[image] = inspect.id
                    finish(step, error: nil)
                } catch {
                    finish(step, error: "\(error)")
                    return "pulling \(image) failed: \(error)"
                }
            }
            changes[i].toImage = pulled[image]
            if changes[i].toImage == changes[i].fromImage {
                changes[i].status = .unchanged
                changes[i].gate = "not needed: the new digest names the image it runs"
            }
            record(changes[i])
            options.onNote("\(changes[i].service): \(ImageTags.short(changes[i].fromImage)) -> \(ImageTags.short(changes[i].toImage))")
        }
        return nil
    }

    /// An `up` of exactly `services` (no dependencies) through the deploy core, journalled in this
    /// run; a failure restores what it set aside (`Restoration`). nil when it converged. The services
    /// sharing one of their containers (`network_mode: service:X`...) are recreated with it.
    mutating func converge(_ services: [String]) async -> String? {
        guard let run else { return "no run is open" }
        let project = upgrade.project
        let sharing = project.servicesSharing(Set(services))
        if !sharing.isEmpty { options.onNote("\(sharing.joined(separator: ", ")): recreated with the container they share") }
        let request = UpRequest(profiles: [], services: services + sharing, withDependencies: false)
        let plan: Plan
        do {
            let selection = try Convergence.select(project: project, request: request)
            plan = try await Convergence.prepare(project: project, selection: selection, request: request, engine: engine, key: upgrade.key).plan
        } catch {
            return "planning failed: \(error)"
        }
        if !plan.blockers.isEmpty { return "the plan is blocked: " + plan.blockers.joined(separator: "; ") }
        guard !plan.operations.isEmpty else { return nil }
        var executor = Executor(engine: engine, waitTimeout: options.waitTimeout, pollInterval: options.pollInterval,
                                proofWindow: options.proofWindow, onEvent: options.onEvent)
        executor.routes = options.routes
        executor.observer = HistoryJournal(history: history, run: run, redaction: EnvironmentRedaction(project: project), offset: steps)
        steps += (plan.operations.map(\.id).max() ?? 0)
        do {
            try await executor.run(plan)
            return nil
        } catch {
            let engine = self.engine
            let report = await Task { await Restoration.restore(after: error, of: plan, engine: engine) }.value
            for item in report.restored { options.onNote("restored \(item.container): the previous container runs again") }
            return error.description
        }
    }

    mutating func journalGate(profile: String, verdict: GateVerdict) {
        let step = journal("gate", profile, service: nil, cause: "upgrade-gate", text: "gate of \(profile): \(verdict.text)")
        finish(step, error: verdict.passed ? nil : verdict.text)
    }

    /// Puts `changes` back on their last-good image (`fromImage`; a `plane rollback`'s changes go to
    /// their `toImage`): tag, converge, gate again.
    mutating func rollBack(_ changes: [ImageChange], services: [DesiredService], toTarget: Bool = false,
                           gate: (any UpgradeGate)? = nil) async -> [ImageChange] {
        var changes = changes
        var movable: [String] = []
        for i in changes.indices {
            let target = toTarget ? changes[i].toImage.map { LastGood(image: $0, digest: changes[i].toDigest, run: nil) } : lastGood[changes[i].service]
            guard let target else {
                changes[i].status = .rollbackFailed
                changes[i].gate = (changes[i].gate ?? "") + "; no healthy last-good image to return to"
                record(changes[i])
                continue
            }
            changes[i].status = .rollingBack
            record(changes[i])
            let step = journal("tag", "\(changes[i].image) -> \(ImageTags.short(target.image))", service: changes[i].service, cause: "rollback",
                               text: "roll back \(changes[i].service) to its last-good image")
            do {
                try await ImageTags.point(changes[i].image, at: target.image, digest: target.digest, engine: engine)
                finish(step, error: nil)
                movable.append(changes[i].service)
            } catch {
                finish(step, error: "\(error)")
                changes[i].status = .rollbackFailed
                record(changes[i])
            }
        }
        guard !movable.isEmpty else { return changes }
        let failure = await converge(movable)
        let verdict = failure == nil
            ? await (gate ?? upgrade.gate).verdict(on: services.filter { movable.contains($0.name) }, engine: engine)
            : GateVerdict(failures: Dictionary(uniqueKeysWithValues: movable.map { ($0, failure!) }))
        let step = journal("gate", movable.joined(separator: ","), service: nil, cause: "rollback-gate", text: "gate after rollback: \(verdict.text)")
        finish(step, error: verdict.passed ? nil : verdict.text)
        for i in changes.indices where movable.contains(changes[i].service) {
            if let reason = verdict.failures[changes[i].service] {
                changes[i].status = .rollbackFailed
                changes[i].gate = (changes[i].gate ?? "") + "; after rollback: \(reason)"
                options.onNote("\(changes[i].service): rollback to \(ImageTags.short(toTarget ? changes[i].toImage : lastGood[changes[i].service]?.image)) failed: \(reason)")
            } else {
                changes[i].status = .rolledBack
                options.onNote("\(changes[i].service): rolled back to \(ImageTags.short(toTarget ? changes[i].toImage : lastGood[changes[i].service]?.image)), healthy again")
            }
            record(changes[i])
        }
        return changes
    }

    /// After a committed run: per upgraded service, the images beyond the `keep` newest that plane
    /// pulled (a `toImage` of an earlier upgrade) are removed; in use or tagged elsewhere, they stay.
    mutating func prune(_ upgraded: [ImageChange], keep: Int) async -> [String] {
        var removed: [String] = []
        for change in upgraded {
            guard let runs = try? history.runs(project: upgrade.project.name, service: change.service, limit: 0) else { continue }
            var newestFirst: [String] = []
            var pulledByPlane = Set<String>()
            for run in runs {
                for item in run.imageChanges where item.service == change.service {
                    if item.status == .upgraded, let to = item.toImage { pulledByPlane.insert(to) }
                    for id in [item.status == .upgraded ? item.toImage : nil, item.fromImage].compactMap({ $0 }) where !newestFirst.contains(id) {
                        newestFirst.append(id)
                    }
                }
            }
            // Services sharing an image share its pruning: each image is removed once.
            for id in newestFirst.dropFirst(keep) where pulledByPlane.contains(id) && id != change.toImage && id != change.fromImage
                && id != lastGood[change.service]?.image && !removed.contains(id) {
                let step = journal("remove-image", ImageTags.short(id), service: change.service, cause: "prune",
                                   text: "keep \(keep) images of \(change.service) (x-plane.upgrade.keep)")
                do {
                    try await engine.removeImage(id)
                    finish(step, error: nil)
                    removed.append(id)
                } catch {
                    finish(step, error: "\(error)")
                }
            }
        }
        return removed
    }
}
