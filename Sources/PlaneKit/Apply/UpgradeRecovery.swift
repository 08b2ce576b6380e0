import DockerEngine

/// What the next mutating run (`up`, `upgrade`, `rollback`) does about an upgrade or rollback that
/// was killed: the journal (its `ImageChange`s) says which services were committed (gate held)
/// and which were still between two versions. Those go back to where the run meant them to end if
/// it failed: an upgrade's last-good image, a rollback's target. Their tag is pointed at that image
/// again; the convergence that follows then sees a container on another image and replaces it (or
/// finds it already right), and cleans what the reconciler recognises (a `_plane-old` container, a
/// new container beside it).
public enum UpgradeRecovery {
    /// The image an unfinished change must end on: a rollback's target, else the service's last-good
    /// (`LastGood.of`: never an image that was not healthy when recorded).
    static func target(of change: ImageChange, in run: RunSummary, history: any DeploymentHistory) -> LastGood? {
        if run.start.kind == .rollback { return change.toImage.map { LastGood(image: $0, digest: change.toDigest, run: run.id) } }
        let earlier = (try? history.runs(project: run.start.project, service: change.service, limit: 0)) ?? []
        return LastGood.of(change, in: run.id, earlier: earlier)
    }

    /// Re-tags what `unfinished` runs left between versions. Returns notes for people.
    public static func restoreTags(of unfinished: [RunSummary], history: any DeploymentHistory, engine: any ContainerEngine) async -> [String] {
        var notes: [String] = []
        for run in unfinished where run.start.kind == .upgrade || run.start.kind == .rollback {
            for change in run.imageChanges where change.status.isUnfinished {
                guard let target = target(of: change, in: run, history: history) else {
                    notes.append("\(change.service): run \(run.id) left it unfinished with no healthy last-good image recorded; left on \(change.image) as it is")
                    continue
                }
                do {
                    try await ImageTags.point(change.image, at: target.image, digest: target.digest, engine: engine)
                    notes.append("\(change.service): run \(run.id) was killed before its gate held; \(change.image) points at \(ImageTags.short(target.image)) again (last-good)")
                } catch {
                    notes.append("\(change.service): cannot put \(change.image) back on \(ImageTags.short(target.image)): \(error)")
                }
            }
        }
        return notes
    }
}

/// The image a service returns to when an upgrade of it fails: only an image it was seen healthy
/// on. The image it ran when the upgrade began, if it was running and healthy then (`fromHealthy`);
/// else the newest image an earlier upgrade or rollback run proved healthy (its gate held on it);
/// else none, and `plane upgrade` leaves the service alone (nothing safe to come back to).
public struct LastGood: Sendable, Equatable {
    public var image: String
    /// `repo@sha256:...`: how it is pulled again when the engine no longer has it.
    public var digest: String?
    /// The run that proved it healthy (nil: seen healthy when this run began).
    public var run: RunID?

    public init(image: String, digest: String?, run: RunID?) {
        self.image = image
        self.digest = digest
        self.run = run
    }

    /// The last-good of `change` (of run `run`), `earlier` being the history's runs, newest first
    /// (runs from `run` on are ignored).
    public static func of(_ change: ImageChange, in run: RunID, earlier: [RunSummary]) -> LastGood? {
        if change.fromHealthy, let image = change.fromImage { return LastGood(image: image, digest: change.fromDigest, run: nil) }
        return recorded(service: change.service, before: run, in: earlier)
    }

    /// The newest image a run before `run` proved healthy for `service`: an upgrade's new image whose
    /// gate held, a rollback's target verified after it, or an image recorded healthy when a run began.
    public static func recorded(service: String, before run: RunID?, in runs: [RunSummary]) -> LastGood? {
        for summary in runs.sorted(by: { $0.id > $1.id }) where run.map({ summary.id < $0 }) ?? true {
            guard summary.start.kind == .upgrade || summary.start.kind == .rollback,
                  let change = summary.imageChanges.first(where: { $0.service == service }) else { continue }
            if (summary.start.kind == .upgrade && change.status == .upgraded) || (summary.start.kind == .rollback && change.status == .rolledBack),
               let image = change.toImage {
                return LastGood(image: image, digest: change.toDigest, run: summary.id)
            }
            // What it ran when that run began, healthy then (an upgrade rolled back onto it verified it again).
            if change.fromHealthy, let image = change.fromImage { return LastGood(image: image, digest: change.fromDigest, run: summary.id) }
        }
        return nil
    }
}

/// Moving a tag between images the engine holds, which is how plane rolls back without running by
/// digest: the container's `Config.Image` stays the compose file's reference, so `plan` and `drift`
/// see no difference once it runs the kept image again.
public enum ImageTags {
    /// Points `reference` (`repo:tag`) at `imageID`; an image no longer on the engine is pulled by
    /// `digest` first (`repo@sha256:...`). Does nothing when it points there already.
    public static func point(_ reference: String, at imageID: String, digest: String?, engine: any ContainerEngine) async throws {
        if let current = try? await engine.inspectImage(reference), current.id == imageID { return }
        if (try? await engine.inspectImage(imageID)) == nil, let digest {
            try await engine.pull(digest)
        }
        let parsed = Engine.ImageReference(parsing: reference)
        try await engine.tagImage(imageID, repository: parsed.repository, tag: parsed.tag)
    }

    /// `sha256:0123456789ab` (12 hex digits).
    public static func short(_ id: String?) -> String {
        guard let id else { return "none" }
        let hex = id.hasPrefix("sha256:") ? String(id.dropFirst(7)) : id
        return "sha256:" + hex.prefix(12)
    }
}
