/// The order profiles come up in (and go down in, reversed): the project's
/// `x-plane: {profiles: [...]}`, else VM300's own order. Profiles the order does not name come
/// after every named one, by name.
public struct ProfileOrder: Sendable, Equatable {
    public static let standard = ["core", "dashboard", "medias", "apps", "automatisation", "monitoring"]

    public private(set) var profiles: [String]

    public init(_ profiles: [String] = ProfileOrder.standard) { self.profiles = profiles }

    /// `x-plane.profiles` of the project, else `standard`.
    public static func of(_ project: ResolvedProject) throws(PlanError) -> ProfileOrder {
        guard let plane = project.extensions["x-plane"] else { return ProfileOrder() }
        guard let settings = plane.mapping else {
            throw PlanError(.extension_, "x-plane must be a mapping", at: plane.location)
        }
        guard let list = settings["profiles"] else { return ProfileOrder() }
        guard let items = list.sequence else {
            throw PlanError(.extension_, "x-plane.profiles must be a list of profile names", at: list.location)
        }
        var names: [String] = []
        for item in items {
            guard let name = item.string, !name.isEmpty else {
                throw PlanError(.extension_, "x-plane.profiles: every entry must be a profile name", at: item.location)
            }
            guard !names.contains(name) else {
                throw PlanError(.extension_, "x-plane.profiles names \(name) twice", at: item.location)
            }
            names.append(name)
        }
        return ProfileOrder(names)
    }

    /// The full order for a project: the named profiles, then the others by name.
    public func complete(with all: [String]) -> [String] {
        profiles + all.filter { !profiles.contains($0) }.sorted()
    }

    /// 0 for services without profiles (always enabled, so they come first), else 1 + the
    /// position of the earliest of their profiles in the complete order.
    public func rank(of serviceProfiles: [String], among all: [String]) -> Int {
        guard !serviceProfiles.isEmpty else { return 0 }
        let order = complete(with: all)
        return 1 + (serviceProfiles.compactMap { order.firstIndex(of: $0) }.min() ?? order.count)
    }
}
