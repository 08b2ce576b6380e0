/// Why a container no longer matches its service: the causes a recreate is planned with.
/// An empty answer means it matches and is left alone.
public enum ChangeDetector {
    /// - Parameter imageID: the ID the service's image has on the engine now (nil: unknown, e.g.
    ///   not pulled yet; then the image is not compared).
    /// - Parameter composeHash: compose's label as its `up` would compute it now (for a service that
    ///   names another service's container, with that container's ID); `service.composeHash` when nil.
    public static func changes(_ container: ObservedContainer, _ service: DesiredService, imageID: String?,
                               composeHash: String? = nil) -> [ContainerChange] {
        var causes: [ContainerChange] = []
        let labels = container.labels
        let expected = composeHash ?? service.composeHash
        let stampedByPlane = labels[PlaneLabel.configHash] != nil
        switch labels[ComposeLabel.configHash] {
        case nil: causes.append(.noDefinitionHash)
        // compose's own hash; or plane's frozen one, which plane wrote there before (no recreate
        // for that: `dev.plane.config-hash` below covers the same definition).
        case expected, service.definitionHash: break
        default:
            if let template = service.composeHashTemplate, stampedByPlane, labels[PlaneLabel.configHash] == service.planeHash {
                // The definition is the same: the label names another container of the service it
                // shares (replaced since, or a label from before plane resolved the reference).
                causes.append(.sharedContainerChanged(template.services))
            } else {
                causes.append(.definitionChanged)
            }
        }
        if !stampedByPlane || labels[PlaneLabel.labelKey] != service.inputs.keyID {
            // Created by docker compose (or another tool on compose's labels), or by plane under
            // another label key (another user, HOME or PLANE_STATE_DIR): plane's keyed digests
            // cannot be compared, so the container is judged as compose judges it. compose's hash
            // covers the definition and the env files' content; secret and config contents it
            // does not track: a file changed after the container was created is one it cannot have.
            if labels[ComposeLabel.configHash] == expected, let created = container.created {
                for file in service.inputs.filesChanged(after: created) {
                    causes.append(.input(kind: file.kind, name: file.name, change: .changed))
                }
            } else {
                causes.append(stampedByPlane ? .labelKeyChanged : .notCreatedByPlane)
            }
        } else {
            let old = ServiceInputs(labelValue: labels[PlaneLabel.inputs] ?? "", keyID: service.inputs.keyID)
            let inputChanges = old.map { service.inputs.typedChanges(from: $0) } ?? []
            causes += inputChanges
            if inputChanges.isEmpty && labels[PlaneLabel.configHash] != service.planeHash && causes.isEmpty {
                causes.append(.inputsChanged)
            }
        }
        if let imageID, let current = container.imageID, imageID != current {
            causes.append(.imageChanged(image: service.image, from: short(current), to: short(imageID)))
        }
        for network in service.networks where !container.networks.contains(network.name) {
            causes.append(.networkMissing(network.name))
        }
        for volume in service.volumes where !container.volumes.contains(volume) {
            causes.append(.volumeMissing(volume))
        }
        return causes
    }

    static func short(_ id: String) -> String {
        let hex = id.hasPrefix("sha256:") ? id.dropFirst(7) : Substring(id)
        return String(hex.prefix(12))
    }
}
