import DockerEngine

/// What the next mutating run (`up`, `upgrade`, `rollback`) does about an upgrade or rollback that
/// was killed: the journal (its `ImageChange`s) says which services were committed (gate held)
/// and which were still between two versions. Those go back to where the run meant them to end if
/// it failed: an upgrade's last-good image, a rollback's target. Their tag is pointed at that image
/// again; the convergence that follows then sees a container on another image and replaces it (or
/// finds it already right), and cleans what the reconciler recognises (a `_plane-old` container, a
/// new container beside it).
public enum UpgradeRecovery {
    /// The image an unfinished change must end on: a rollback's target, else the last-good.
    static func target(of change: ImageChange, kind: RunKind) -> String? {
        kind == .rollback ? change.toImage : change.fromImage
    }

    /// Re-tags what `unfinished` runs left between versions. Returns notes for people.
    public static func restoreTags(of unfinished: [RunSummary], engine: any ContainerEngine) async -> [String] {
        var notes: [String] = []
        for run in unfinished where run.start.kind == .upgrade || run.start.kind == .rollback {
            for change in run.imageChanges where change.status.isUnfinished {
                guard let target = target(of: change, kind: run.start.kind) else {
                    notes.append("\(change.service): run \(run.id) left it unfinished with no last-good image recorded; left on \(change.image) as it is")
                    continue
                }
                do {
                    try await ImageTags.point(change.image, at: target, digest: run.start.kind == .rollback ? change.toDigest : change.fromDigest,
                                              engine: engine)
                    notes.append("\(change.service): run \(run.id) was killed before its gate held; \(change.image) points at \(ImageTags.short(target)) again (last-good)")
                } catch {
                    notes.append("\(change.service): cannot put \(change.image) back on \(ImageTags.short(target)): \(error)")
                }
            }
        }
        return notes
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
