/// posture.image-unpinned: images name a release tag or a digest; `:latest` or no tag changes under
/// you at the next pull (and a rebuilt `:latest` is never pulled again).
struct PostureImageUnpinned: LintRule {
    static let id = "posture.image-unpinned"
    static let severity = Severity.warning
    static let summary = "An image has no tag or the `latest` tag (and no digest)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services {
            guard let image = service.node["image"]?.scalarText, let problem = Self.problem(image) else { continue }
            findings.report(Self.self, problem == "latest" ? .latest(image) : .untagged(image), at: service.location(of: "image"),
                            service: service.name, subject: image)
        }
    }

    /// "latest", "untagged", or nil for a pinned reference.
    static func problem(_ image: String) -> String? {
        if image.contains("@sha256:") { return nil }
        let name = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = name.lastIndex(of: ":") else { return "untagged" }
        return name[name.index(after: colon)...] == "latest" ? "latest" : nil
    }
}

extension LintMessage {
    fileprivate static func latest(_ image: String) -> LintMessage {
        LintMessage("image \(image) uses the moving latest tag", hint: "pin a release tag (or a digest)")
    }

    fileprivate static func untagged(_ image: String) -> LintMessage {
        LintMessage("image \(image) has no tag (Docker takes latest)", hint: "pin a release tag (or a digest)")
    }
}
