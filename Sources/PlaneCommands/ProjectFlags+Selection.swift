import PlaneKit

extension ProjectFlags {
    /// The same flags with every profile enabled: plane loads the whole project and selects
    /// services itself (see `ServiceSelection`).
    var allProfiles: ProjectFlags {
        var copy = self
        copy.profiles = ["*"]
        return copy
    }

    /// The profiles asked for: `--profile`, else COMPOSE_PROFILES.
    func requestedProfiles(environment: [String: String]) -> [String] {
        if !profiles.isEmpty { return profiles }
        return (environment["COMPOSE_PROFILES"] ?? "").split(separator: ",")
            .map { String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
            .filter { !$0.isEmpty }
    }
}
