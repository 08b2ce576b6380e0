/// What the project says about its own lint, in the top-level `x-plane: {lint: {...}}` extension
/// of compose.yaml. The defaults are generic: no middleware chain is required and no service may mount
/// the Docker socket. A stack's own policy (VM300's chains and socket proxy) lives in its compose.yaml,
/// so plane on another compose project is never refused for names that project never had.
///
/// ```yaml
/// x-plane:
///   lint:
///     required-middlewares: [chain-secure@file, chain-secure-stream@file]
///     public-middlewares: [chain-public@file]
///     public-routers: [authentik-outpost, n8n-webhook]
///     socket-proxy: [socket-proxy]
///     accept:
///       - {rule: env.secret-value, service: homarr, subject: SECRET_ENCRYPTION_KEY, reason: "..."}
/// ```
public struct LintConfiguration: Sendable {
    /// A router must reference one of these (or a public one, where allowed). With neither these nor
    /// public chains configured there is no chain policy: a router without any middleware is a warning.
    public var requiredMiddlewares: [String] = []
    /// Chains without forward-auth, allowed only on public routers.
    public var publicMiddlewares: [String] = []
    /// Routers allowed a public chain; nil means any router whose rule is limited to a path
    /// (`Path(...)`/`PathPrefix(...)`), never a whole host.
    public var publicRouters: [String]?
    /// The services allowed to mount the Docker socket (read-only).
    public var socketProxies: [String] = []
    public var accept: [LintAcceptance] = []

    /// A mistake in the `x-plane.lint` block, reported by `lint.config`.
    enum Problem: Sendable {
        case notAMapping(String)
        case unknownKey(String, suggestion: String?)
        case notAStringList(String)
        case acceptEntry(index: Int, missing: String)
        case unknownRule(String, suggestion: String?)
    }

    static let keys = ["required-middlewares", "public-middlewares", "public-routers", "socket-proxy", "accept"]

    public init() {}

    /// Whether the project names any middleware chain: without one, routers are only checked for having
    /// some middleware at all (`posture.traefik-unprotected`, a warning).
    var hasChainPolicy: Bool { !requiredMiddlewares.isEmpty || !publicMiddlewares.isEmpty }

    /// Reads `x-plane.lint`; what cannot be read keeps its default and becomes a problem.
    static func read(_ extensions: Mapping, knownRules: [String]) -> (LintConfiguration, [(Problem, SourceLocation?)]) {
        var configuration = LintConfiguration()
        var problems: [(Problem, SourceLocation?)] = []
        guard let plane = extensions["x-plane"], let lint = plane["lint"] else { return (configuration, problems) }
        guard let block = lint.mapping else {
            return (configuration, [(.notAMapping("x-plane.lint"), lint.location)])
        }
        func strings(_ entry: Mapping.Entry) -> [String]? {
            guard let items = entry.value.sequence, items.allSatisfy({ $0.string != nil }) else {
                problems.append((.notAStringList(entry.key), entry.value.location ?? entry.keyLocation))
                return nil
            }
            return items.compactMap(\.string)
        }
        for entry in block.entries {
            switch entry.key {
            case "required-middlewares": if let v = strings(entry) { configuration.requiredMiddlewares = v }
            case "public-middlewares": if let v = strings(entry) { configuration.publicMiddlewares = v }
            case "public-routers": if let v = strings(entry) { configuration.publicRouters = v }
            case "socket-proxy": if let v = strings(entry) { configuration.socketProxies = v }
            case "accept":
                guard let items = entry.value.sequence else {
                    problems.append((.notAStringList("accept"), entry.value.location ?? entry.keyLocation))
                    continue
                }
                for (index, item) in items.enumerated() {
                    guard let m = item.mapping, let rule = m["rule"]?.string else {
                        problems.append((.acceptEntry(index: index, missing: "rule"), item.location))
                        continue
                    }
                    guard let reason = m["reason"]?.scalarText, !reason.trimmingSpaces().isEmpty else {
                        problems.append((.acceptEntry(index: index, missing: "reason"), item.location))
                        continue
                    }
                    guard knownRules.contains(rule) else {
                        problems.append((.unknownRule(rule, suggestion: Suggestion.nearest(rule, among: knownRules)),
                                         m["rule"]?.location ?? item.location))
                        continue
                    }
                    configuration.accept.append(LintAcceptance(
                        rule: rule, service: m["service"]?.scalarText, subject: m["subject"]?.scalarText,
                        reason: reason, location: item.location))
                }
            default:
                problems.append((.unknownKey(entry.key, suggestion: Suggestion.nearest(entry.key, among: keys)), entry.keyLocation))
            }
        }
        return (configuration, problems)
    }
}
