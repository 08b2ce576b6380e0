/// posture.cap-drop: an exposed service drops every capability (`cap_drop: [ALL]`).
struct PostureCapDrop: LintRule {
    static let id = "posture.cap-drop"
    static let severity = Severity.error
    static let summary = "An exposed service does not drop every capability (`cap_drop: [ALL]`)."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services where service.isExposed {
            let dropped = (service.node["cap_drop"]?.sequence ?? []).compactMap(\.scalarText).map { $0.uppercased() }
            guard !dropped.contains("ALL") && !dropped.contains("CAP_ALL") else { continue }
            findings.report(Self.self, .capabilities(), at: service.location(of: "cap_drop"), service: service.name, subject: "cap_drop")
        }
    }
}

extension LintMessage {
    fileprivate static func capabilities() -> LintMessage {
        LintMessage("exposed service keeps Docker's default capabilities", hint: "add cap_drop: [ALL] (and cap_add only what it documents needing)")
    }
}
