/// compose's own rollout settings, which `docker compose up` ignores (docker/compose#13149) and
/// `plane upgrade` honours: `deploy.update_config` (`monitor`, `delay`, `failure_action`, `order`)
/// and `deploy.rollback_config.monitor`. A profile's services are upgraded together, so a profile
/// takes the strictest of its services' settings (`combined`).
public struct RolloutPolicy: Sendable, Equatable {
    public enum FailureAction: String, Sendable {
        /// Put the profile back on its last-good images (plane's default).
        case rollback
        /// Stop the upgrade and leave the failing profile on the new version, for a person to look at.
        case pause
        /// Keep the new version and go on with the next profiles; the run still fails.
        case `continue`
    }

    /// How long the gate watches a replaced service after it holds (`update_config.monitor`).
    public var monitor: Duration?
    /// The pause after a profile's gate held, before the next profile (`update_config.delay`).
    public var delay: Duration = .zero
    public var failureAction: FailureAction = .rollback
    /// `update_config.order: start-first`. Applied per service by the `Reconciler` (`DesiredService.startFirst`):
    /// the new container starts beside the old one, which is stopped once the new one is proven.
    public var startFirst = false
    /// The gate's watch after a rollback (`rollback_config.monitor`).
    public var rollbackMonitor: Duration?

    public init() {}

    /// The settings of one service (its canonical model node); a value plane cannot read is left at its default.
    public static func of(_ service: Node?) -> RolloutPolicy {
        var policy = RolloutPolicy()
        guard let deploy = service?["deploy"] else { return policy }
        if let update = deploy["update_config"] {
            policy.monitor = duration(update["monitor"])
            policy.delay = duration(update["delay"]) ?? .zero
            if let action = update["failure_action"]?.string, let parsed = FailureAction(rawValue: action) { policy.failureAction = parsed }
            policy.startFirst = update["order"]?.string == "start-first"
        }
        policy.rollbackMonitor = duration(deploy["rollback_config"]?["monitor"])
        return policy
    }

    /// A profile's policy: the longest monitor and delay, and the most careful failure action
    /// (rollback over pause over continue).
    public static func combined(_ policies: [RolloutPolicy]) -> RolloutPolicy {
        var result = RolloutPolicy()
        result.monitor = policies.compactMap(\.monitor).max()
        result.delay = policies.map(\.delay).max() ?? .zero
        result.rollbackMonitor = policies.compactMap(\.rollbackMonitor).max()
        result.startFirst = policies.contains(where: \.startFirst)
        let actions = Set(policies.map(\.failureAction))
        result.failureAction = actions.isEmpty || actions.contains(.rollback) ? .rollback : actions.contains(.pause) ? .pause : .continue
        return result
    }

    private static func duration(_ node: Node?) -> Duration? {
        guard let text = node?.scalarText, let ns = GoDuration.parseNanoseconds(text) else { return nil }
        return .nanoseconds(ns)
    }
}
