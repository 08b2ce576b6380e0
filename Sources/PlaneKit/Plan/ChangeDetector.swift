/// Why a container no longer matches its service: the causes a recreate is planned with.
/// An empty answer means it matches and is left alone.
public enum ChangeDetector {
    /// - Parameter imageID: the ID the service's image has on the engine now (nil: unknown, e.g.
    ///   not pulled yet; then the image is not compared).
    public static func changes(_ container: ObservedContainer, _ service: DesiredService, imageID: String?) -> [String] {
        var causes: [String] = []
        let labels = container.labels
        switch labels[ComposeLabel.configHash] {
        case nil: causes.append("it has no definition hash label")
        case service.definitionHash: break
        default: causes.append("its definition changed")
        }
        if labels[PlaneLabel.configHash] == nil {
            causes.append("it was not created by plane, so its env files and secrets are unverified")
        } else if labels[PlaneLabel.labelKey] != service.inputs.keyID {
            causes.append("plane's label key changed")
        } else {
            let old = ServiceInputs(labelValue: labels[PlaneLabel.inputs] ?? "", keyID: service.inputs.keyID)
            let inputChanges = old.map { service.inputs.changes(from: $0) } ?? []
            causes += inputChanges
            if inputChanges.isEmpty && labels[PlaneLabel.configHash] != service.planeHash && causes.isEmpty {
                causes.append("its inputs changed")
            }
        }
        if let imageID, let current = container.imageID, imageID != current {
            causes.append("image \(service.image) changed (\(short(current)) -> \(short(imageID)))")
        }
        for network in service.networks where !container.networks.contains(network.name) {
            causes.append("it is not attached to network \(network.name)")
        }
        for volume in service.volumes where !container.volumes.contains(volume) {
            causes.append("volume \(volume) is not mounted")
        }
        return causes
    }

    static func short(_ id: String) -> String {
        let hex = id.hasPrefix("sha256:") ? id.dropFirst(7) : Substring(id)
        return String(hex.prefix(12))
    }
}
