/// secret.not-mounted: a variable pointing at `/run/secrets/NAME` (`*_FILE`, `FILE__*`,
/// `file://`, `filepath:`) names a secret the service mounts there; otherwise the service starts
/// and fails to read it.
struct SecretNotMounted: LintRule {
    static let id = "secret.not-mounted"
    static let severity = Severity.error
    static let summary = "A variable points at `/run/secrets/NAME` but the service does not mount a secret there."

    func check(_ context: LintContext, _ findings: inout FindingCollector) {
        for service in context.services {
            let targets = Set((service.node["secrets"]?.sequence ?? []).compactMap { mount -> String? in
                guard let target = mount["target"]?.scalarText ?? mount["source"]?.scalarText else { return nil }
                return target.hasPrefix("/") ? target : "/run/secrets/" + target
            })
            for entry in service.node["environment"]?.mapping?.entries ?? [] {
                guard let value = entry.value.string, let path = Self.secretPath(in: value), !targets.contains(path) else { continue }
                findings.report(Self.self, .notMounted(entry.key, path: path), at: entry.keyLocation ?? entry.value.location,
                                service: service.name, subject: entry.key)
            }
        }
    }

    /// `/run/secrets/NAME` inside a value (`/run/secrets/x`, `file:///run/secrets/x`, `filepath:/run/secrets/x`).
    static func secretPath(in value: String) -> String? {
        guard let range = value.firstRange(of: "/run/secrets/") else { return nil }
        let name = value[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
        return name.isEmpty ? nil : "/run/secrets/" + name
    }
}

extension LintMessage {
    fileprivate static func notMounted(_ key: String, path: String) -> LintMessage {
        LintMessage("\(key) points at \(path), but the service mounts no secret there",
                    hint: "add the secret to the service's secrets: list (and declare it at the top level)")
    }
}
