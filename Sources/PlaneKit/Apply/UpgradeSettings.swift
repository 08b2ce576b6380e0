/// `x-plane.upgrade` of a project: how many images per service an upgrade keeps (`keep`, default 2:
/// the running one and its last-good), and where the freeze file is (`freeze-file`; `FreezeFile`).
public struct UpgradeSettings: Sendable, Equatable {
    public var keep: Int = 2
    public var freezeFile: String?

    public init(keep: Int = 2, freezeFile: String? = nil) {
        self.keep = keep
        self.freezeFile = freezeFile
    }

    public static func of(_ project: ResolvedProject) throws(PlanError) -> UpgradeSettings {
        var settings = UpgradeSettings()
        guard let plane = project.extensions["x-plane"]?.mapping, let upgrade = plane["upgrade"] else { return settings }
        guard let mapping = upgrade.mapping else {
            throw PlanError(.extension_, "x-plane.upgrade must be a mapping (keep, freeze-file)", at: upgrade.location)
        }
        for entry in mapping.entries {
            let value = entry.value
            switch entry.key {
            case "keep":
                guard let number = value.int ?? value.string.flatMap({ Int($0) }), number >= 2 else {
                    throw PlanError(.extension_, "x-plane.upgrade.keep must be a whole number of at least 2 (the running image and its last-good)",
                                    at: value.location)
                }
                settings.keep = number
            case "freeze-file":
                guard let path = value.string, !path.isEmpty else {
                    throw PlanError(.extension_, "x-plane.upgrade.freeze-file must be a path", at: value.location)
                }
                settings.freezeFile = path
            default:
                throw PlanError(.extension_, "x-plane.upgrade has no key \(entry.key) (keep, freeze-file)", at: value.location)
            }
        }
        return settings
    }
}
