/// Removes environment values from text plane did not write itself (Engine error messages echo
/// what they refuse, e.g. `invalid environment variable: =<value>`): every occurrence of a value
/// of a service's `environment` (env files included) becomes `<value of KEY>`, so the message
/// still says which entry is at fault and never shows the value.
public struct EnvironmentRedaction: Sendable {
    /// Values shorter than this are left alone: `1`, `on` or `UTC` in a message are not secrets,
    /// and replacing them everywhere would garble every message.
    public static let minimumLength = 4

    /// (value, key) by service; each list longest value first, so a value containing another is
    /// replaced whole.
    private var byService: [String: [(String, String)]] = [:]
    private var all: [(String, String)] = []

    /// Redacts nothing (no project files to take values from).
    public init() {}

    public init(project: ResolvedProject) {
        for service in project.services.entries + project.disabledServices.entries {
            var pairs: [(String, String)] = []
            for entry in service.value["environment"]?.mapping?.entries ?? [] {
                guard let value = entry.value.scalarText, value.utf8.count >= Self.minimumLength else { continue }
                pairs.append((value, entry.key))
            }
            pairs.sort { $0.0.utf8.count > $1.0.utf8.count }
            byService[service.key] = pairs
            all += pairs
        }
        all.sort { $0.0.utf8.count > $1.0.utf8.count }
    }

    /// `text` with the values of `service`'s environment (then of any service) replaced.
    public func redact(_ text: String, service: String?) -> String {
        var out = text
        for (value, key) in (service.flatMap { byService[$0] } ?? []) + all where out.contains(value) {
            out = out.replacing(value, with: "<value of \(key.isEmpty ? "an unnamed variable" : key)>")
        }
        return out
    }
}
