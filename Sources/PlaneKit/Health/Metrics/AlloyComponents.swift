import Foundation

/// Alloy's `/api/v0/web/components` (v1.11.3): one object per component, `localID` and `health.state`
/// (`healthy`, `unhealthy`, `unknown`, `exited`). Writers go unhealthy only on bad configuration: export
/// failures show only in `/metrics`, so healthy components prove nothing about delivery.
public struct AlloyComponent: Sendable, Equatable, Decodable {
    public struct Health: Sendable, Equatable, Decodable {
        public var state: String
        public var message: String?
    }
    public var localID: String
    public var health: Health

    public static func check(_ body: Data) -> HealthResult {
        guard let components = try? JSONDecoder().decode([AlloyComponent].self, from: body) else {
            return .fail("alloy.components", nil, "Alloy's component list could not be read")
        }
        let bad = components.filter { $0.health.state != "healthy" }
        if bad.isEmpty {
            return .pass("alloy.components", nil, "\(components.count) components healthy")
        }
        return .fail("alloy.components", nil, "\(bad.count) component(s) not healthy",
                     evidence: bad.map { "\($0.localID): \($0.health.state)\($0.health.message.map { " (\($0))" } ?? "")" })
    }
}
