/// What the project says about its health checks, in the top-level `x-plane: {health: {...}}` block of
/// compose.yaml (interpolated with the rest of the file by the loader). Credentials only come from files:
/// an inline credential key or a URL with user info is a problem, never used.
///
/// ```yaml
/// x-plane:
///   health:
///     traefik: {api: http://127.0.0.1:8080, api-auth-file: path, entrypoint: https://127.0.0.1:443}
///     crowdsec: {lapi: http://127.0.0.1:8080, machine-credentials-file: path,
///                test-ips: [203.0.113.10, 203.0.113.11], propagation-timeout: 75s, probe-router: NAME}
///     alloy: {url: http://127.0.0.1:12345, window: 2s, prometheus: http://..., loki: http://...,
///             selector: '{host="vm300"}'}
/// ```
/// A section that is absent makes its checks `skip` with the reason, never a silent pass.
public struct HealthConfiguration: Sendable, Equatable {
    public struct Traefik: Sendable, Equatable {
        public var api: String
        /// A file holding `user:password` for the API (absolute).
        public var apiAuthFile: String?
        /// Where route probes are sent (Host and SNI per router); nil: route probes are skipped.
        public var entrypoint: String?
    }

    public struct CrowdSec: Sendable, Equatable {
        public var lapi: String
        /// cscli's `local_api_credentials.yaml` (url, login, password), absolute.
        public var machineCredentialsFile: String
        /// [control, banned], both TEST-NET (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24).
        public var testIPs: [String]
        /// Seconds to wait for a ban (and its removal) to show through the entrypoint.
        public var propagationTimeout: Double
        public var probeRouter: String?
    }

    public struct Alloy: Sendable, Equatable {
        public var url: String
        /// Seconds between the two metric scrapes.
        public var window: Double
        public var prometheus: String?
        public var loki: String?
        /// This host's data at the receivers (LogQL/PromQL selector).
        public var selector: String
    }

    public var traefik: Traefik?
    public var crowdsec: CrowdSec?
    public var alloy: Alloy?

    public init(traefik: Traefik? = nil, crowdsec: CrowdSec? = nil, alloy: Alloy? = nil) {
        self.traefik = traefik
        self.crowdsec = crowdsec
        self.alloy = alloy
    }

    /// A mistake in `x-plane.health`; the section it is in is not used.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        case notAMapping(String)
        case unknownKey(String, suggestion: String?)
        case inlineCredential(String, use: String)
        case credentialInURL(String)
        case missing(String)
        case invalid(String, reason: String)

        public var description: String {
            switch self {
            case .notAMapping(let path): return "\(path) must be a mapping"
            case .unknownKey(let path, let suggestion):
                return "unknown key \(path)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
            case .inlineCredential(let path, let use): return "\(path): credentials are read only from files; use \(use)"
            case .credentialInURL(let path): return "\(path): the URL holds credentials; put them in a file"
            case .missing(let path): return "\(path) is required"
            case .invalid(let path, let reason): return "\(path): \(reason)"
            }
        }
    }

    static let sectionKeys: [String: [String]] = [
        "traefik": ["api", "api-auth-file", "entrypoint"],
        "crowdsec": ["lapi", "machine-credentials-file", "test-ips", "propagation-timeout", "probe-router"],
        "alloy": ["url", "window", "prometheus", "loki", "selector"],
    ]
    static let checkFamilies = ["traefik": "traefik", "crowdsec": "crowdsec", "alloy": "alloy"]

    /// Reads `x-plane.health`. Relative file paths are taken from `projectDirectory`; the default selector
    /// names `hostname`.
    public static func read(_ extensions: Mapping, projectDirectory: String, hostname: String)
        -> (HealthConfiguration, [(Problem, SourceLocation?)])
    {
        var configuration = HealthConfiguration()
        var problems: [(Problem, SourceLocation?)] = []
        guard let health = extensions["x-plane"]?["health"] else { return (configuration, problems) }
        guard let block = health.mapping else { return (configuration, [(.notAMapping("x-plane.health"), health.location)]) }
        for entry in block.entries {
            let path = "x-plane.health.\(entry.key)"
            guard let keys = sectionKeys[entry.key] else {
                problems.append((.unknownKey(path, suggestion: Suggestion.nearest(entry.key, among: sectionKeys.keys.sorted())), entry.keyLocation))
                continue
            }
            guard let section = entry.value.mapping else {
                problems.append((.notAMapping(path), entry.value.location ?? entry.keyLocation))
                continue
            }
            var reader = SectionReader(path: path, section: section, keys: keys, projectDirectory: projectDirectory)
            switch entry.key {
            case "traefik":
                let api = reader.url("api", required: true)
                let value = Traefik(api: api ?? "", apiAuthFile: reader.file("api-auth-file"), entrypoint: reader.url("entrypoint"))
                if reader.problems.isEmpty { configuration.traefik = value }
            case "crowdsec":
                let lapi = reader.url("lapi", required: true)
                let credentials = reader.file("machine-credentials-file", required: true)
                let ips = reader.testIPs("test-ips")
                let value = CrowdSec(lapi: lapi ?? "", machineCredentialsFile: credentials ?? "", testIPs: ips,
                                     propagationTimeout: reader.duration("propagation-timeout", default: 75),
                                     probeRouter: reader.string("probe-router"))
                if reader.problems.isEmpty { configuration.crowdsec = value }
            default:
                let url = reader.url("url", required: true)
                let value = Alloy(url: url ?? "", window: reader.duration("window", default: 2),
                                  prometheus: reader.url("prometheus"), loki: reader.url("loki"),
                                  selector: reader.string("selector") ?? "{host=\"\(hostname)\"}")
                if reader.problems.isEmpty { configuration.alloy = value }
            }
            problems += reader.problems
        }
        return (configuration, problems)
    }

    /// The results for what is not configured (`skip`, with the reason) and for sections with problems
    /// (`fail`, naming the problem), so nothing unconfigured ever passes silently.
    public static func results(_ configuration: HealthConfiguration, problems: [(Problem, SourceLocation?)]) -> [HealthResult] {
        var results: [HealthResult] = problems.map { problem, location in
            .fail("config", nil, "\(problem)", evidence: location.map { ["\($0)"] } ?? [])
        }
        let present: [String: Bool] = ["traefik": configuration.traefik != nil, "crowdsec": configuration.crowdsec != nil,
                                       "alloy": configuration.alloy != nil]
        for section in ["traefik", "crowdsec", "alloy"] where present[section] == false {
            let failed = problems.contains { "\($0.0)".contains("x-plane.health.\(section)") }
            if !failed {
                results.append(.skip(section, nil, "x-plane.health.\(section) is not configured"))
            }
        }
        return results
    }
}

/// Reads one section's keys, recording problems instead of throwing.
struct SectionReader {
    let path: String
    let section: Mapping
    let keys: [String]
    let projectDirectory: String
    var problems: [(HealthConfiguration.Problem, SourceLocation?)] = []

    init(path: String, section: Mapping, keys: [String], projectDirectory: String) {
        self.path = path
        self.section = section
        self.keys = keys
        self.projectDirectory = projectDirectory
        for entry in section.entries where !keys.contains(entry.key) {
            let key = "\(path).\(entry.key)"
            let lowered = entry.key.lowercased()
            if ["auth", "password", "token", "key", "secret", "credential"].contains(where: { lowered.contains($0) }), !lowered.hasSuffix("-file") {
                let use = keys.first { $0.hasSuffix("-file") }.map { "\(path).\($0)" } ?? "a file"
                problems.append((.inlineCredential(key, use: use), entry.keyLocation))
            } else {
                problems.append((.unknownKey(key, suggestion: Suggestion.nearest(entry.key, among: keys)), entry.keyLocation))
            }
        }
    }

    private func location(_ key: String) -> SourceLocation? { section[key]?.location ?? section.keyLocation(key) }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let node = section[key], !node.isNull else {
            if required { problems.append((.missing("\(path).\(key)"), section.keyLocation(key))) }
            return nil
        }
        guard let text = node.scalarText, !text.isEmpty else {
            problems.append((.invalid("\(path).\(key)", reason: "expected a non-empty string, got \(node.kindName)"), location(key)))
            return nil
        }
        return text
    }

    mutating func url(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard let schemeEnd = text.range(of: "://"), ["http", "https"].contains(text[..<schemeEnd.lowerBound].lowercased()) else {
            problems.append((.invalid("\(path).\(key)", reason: "expected an http:// or https:// URL"), location(key)))
            return nil
        }
        let authority = text[schemeEnd.upperBound...].prefix { $0 != "/" }
        if authority.contains("@") {
            problems.append((.credentialInURL("\(path).\(key)"), location(key)))
            return nil
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    mutating func file(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        return text.hasPrefix("/") ? text : (projectDirectory.hasSuffix("/") ? projectDirectory : projectDirectory + "/") + text
    }

    mutating func duration(_ key: String, default value: Double) -> Double {
        guard let node = section[key] else { return value }
        if let seconds = node.int, seconds > 0 { return Double(seconds) }
        guard let text = node.scalarText, let ns = GoDuration.parseNanoseconds(text), ns > 0 else {
            problems.append((.invalid("\(path).\(key)", reason: "expected a duration such as 2s or 75s"), location(key)))
            return value
        }
        return Double(ns) / 1e9
    }

    mutating func testIPs(_ key: String) -> [String] {
        guard let node = section[key] else {
            problems.append((.missing("\(path).\(key)"), section.keyLocation(key)))
            return []
        }
        guard let items = node.sequence?.compactMap(\.scalarText), items.count == 2, items[0] != items[1] else {
            problems.append((.invalid("\(path).\(key)", reason: "expected two different addresses: [control, banned]"), location(key)))
            return []
        }
        for ip in items where !TestNet.contains(ip) {
            problems.append((.invalid("\(path).\(key)", reason: "\(ip) is not a TEST-NET address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)"), location(key)))
            return []
        }
        return items
    }
}

/// RFC 5737 documentation ranges: the only addresses plane bans on a live LAPI.
public enum TestNet {
    public static func contains(_ ip: String) -> Bool {
        let parts = ip.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil && !$0.isEmpty }) else { return false }
        let prefix = parts.prefix(3).joined(separator: ".")
        return ["192.0.2", "198.51.100", "203.0.113"].contains(prefix)
    }
}

extension HealthConfiguration {
    /// A Go duration (`90s`, `1m30s`) or a number of seconds, as `plane health --timeout` takes it.
    public static func seconds(_ text: String) -> Double? {
        if let value = Double(text), value > 0, value.isFinite { return value }
        guard let ns = GoDuration.parseNanoseconds(text), ns > 0 else { return nil }
        return Double(ns) / 1e9
    }
}
