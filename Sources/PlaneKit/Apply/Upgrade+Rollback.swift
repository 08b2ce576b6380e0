#if canImport(Glibc)
import Glibc
#endif
import DockerEngine
import Foundation

extension Upgrade {
    /// `plane rollback [--to RUN] [svc...]`: the selected services back on the last-good images an
    /// earlier upgrade run recorded (RUN, else the newest upgrade run that upgraded something), profile
    /// by profile through the same tag -> converge -> gate path, recorded as a `rollback` run whose
    /// changes go from the image each service runs to its target.
    public func rollback(_ options: Deployment.RunOptions, freeze: FreezeFile, to runID: RunID?) async throws -> Outcome {
        if let reason = freeze.reason() { return .held(reason: reason, path: freeze.path) }
        let (_, verdict) = try Deployment.gate(project: project, request: request, skipLint: skipLint)
        if let verdict, !verdict.allowsDeploy { return .refused(verdict) }

        let lock: RunLock
        switch try await options.takeLock(project: project.name) {
        case .acquired(let acquired): lock = acquired
        case .held(let holder): return .locked(holder)
        }
        defer { lock.release() }

        let history = options.history
        let unfinished = try history.unfinishedRuns(project: project.name)
        for note in await UpgradeRecovery.restoreTags(of: unfinished, history: history, engine: engine) { options.onNote(note) }

        let runs = try history.runs(project: project.name, service: nil, limit: 0)
        let source: RunSummary? = runID.map { id in runs.first { $0.id == id } }
            ?? runs.first { $0.start.kind == .upgrade && $0.imageChanges.contains { $0.status == .upgraded } }
        guard let source, source.start.kind == .upgrade || source.start.kind == .rollback else {
            throw PlanError(.unknownSelection, runID.map { "run \($0) is not an upgrade or rollback run of project \(project.name)" }
                ?? "no upgrade run of project \(project.name) to roll back", hint: "plane history lists the runs")
        }
        let (selection, desired, found) = try await candidates()
        let start = RunStart(project: project.name, kind: .rollback, startedAt: Date(), user: Deployment.user(), pid: getpid(),
                             profiles: request.profiles, services: request.services, trigger: options.trigger, planeVersion: Deployment.version)
        var session = UpgradeSession(upgrade: self, options: options, history: history)
        let run = try session.open(start)
        for old in unfinished { try? history.markRecovered(old.id, by: run) }
        var report = Report(run: run)
        var planned: [ImageChange] = []
        for candidate in found {
            // The target: what the source run started from (its last-good), for a rollback run its target.
            guard let recorded = source.imageChanges.first(where: { $0.service == candidate.service }) else { continue }
            // An upgrade run's last-good: never an image that was not healthy when it was recorded.
            let good = source.start.kind == .rollback ? recorded.toImage.map { LastGood(image: $0, digest: recorded.toDigest, run: source.id) }
                : LastGood.of(recorded, in: source.id, earlier: runs)
            guard let good else {
                options.onNote("\(candidate.service): run \(source.id) recorded no healthy last-good image for it; left as it is")
                continue
            }
            let target = good.image, targetDigest = good.digest
            var change = ImageChange(service: candidate.service, profile: candidate.profile, image: candidate.image,
                                     fromImage: candidate.runningImage, fromDigest: candidate.runningDigest, fromHealthy: false,
                                     toImage: target, toDigest: targetDigest, status: .rollingBack, gate: nil)
            if candidate.runningImage == target && candidate.localImage == target {
                change.status = .unchanged
                change.gate = "not needed: it runs that image"
                session.record(change)
                report.changes.append(change)
                continue
            }
            planned.append(change)
        }
        let stages = Dictionary(grouping: planned) { change in found.first { $0.service == change.service }?.stage ?? 0 }
        for (stage, group) in stages.sorted(by: { $0.key < $1.key }) {
            let services = desired.services.filter { service in group.contains { $0.service == service.name } }
            if Task.isCancelled { return await interrupted(report, options: options) }
            let back = await session.rollBack(group, services: services, toTarget: true)
            report.changes += back
            if Task.isCancelled { return await interrupted(report, options: options) }
            if back.contains(where: { $0.status == .rollbackFailed }) {
                report.failedProfile = selection.stageName(stage)
                report.failure = "rollback of \(selection.stageName(stage)) failed"
                break
            }
        }
        let outcome: RunOutcome = report.failure == nil ? .succeeded : .restoreFailed
        try? history.finish(run, outcome: outcome, services: report.changes.map {
            ServiceResult(service: $0.service, containerID: nil, imageID: $0.status == .rolledBack || $0.status == .unchanged ? $0.toImage : $0.fromImage,
                          repoDigest: nil, status: $0.status.rawValue)
        })
        return report.failure == nil ? .upgraded(report) : .failed(report)
    }
}
