import Foundation
@testable import PlaneKit

/// The six-profile test stack (Resources/UpStack) and the unhealthy one (Resources/UpUnhealthy),
/// copied to a fresh folder so a test may edit env and secret files.
enum UpFixture {
    static let key = LabelKey(bytes: Array(repeating: 7, count: 32))

    static func resource(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent(name)
    }

    /// A private copy of `Resources/<name>` under a temporary folder.
    static func copy(_ name: String) throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("plane-\(name.lowercased())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.copyItem(at: resource(name), to: target)
        try protectSecrets(in: target)
        return target
    }

    /// git keeps no file modes: secret files get 0600 in a 0700 folder, as stack-init makes them
    /// (plane up lints first, and refuses secrets others can read).
    static func protectSecrets(in directory: URL) throws {
        let secrets = directory.appendingPathComponent("secrets")
        guard FileManager.default.fileExists(atPath: secrets.path) else { return }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: secrets.path)
        for name in try FileManager.default.contentsOfDirectory(atPath: secrets.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secrets.appendingPathComponent(name).path)
        }
    }

    /// Loads a stack with every profile enabled, as `plane up` does.
    static func load(_ directory: URL, projectName: String? = nil) throws -> ResolvedProject {
        try ProjectLoader.load(ProjectOptions(
            projectName: projectName, profiles: ["*"], environment: ["PATH": "/usr/bin:/bin"], currentDirectory: directory.path))
    }

    static func desired(_ project: ResolvedProject, profiles: [String], services: [String] = [], withDependencies: Bool = true) throws -> DesiredState {
        let selection = try ServiceSelection.resolve(
            project: project, order: try ProfileOrder.of(project), profiles: profiles, services: services, withDependencies: withDependencies)
        return try DesiredState.build(project: project, selection: selection, key: key)
    }

    /// What the engine would show for a container created from `service` (running by default).
    static func observed(_ service: DesiredService, state: String = "running", health: String? = nil, id: String? = nil, name: String? = nil, imageID: String = "sha256:image") -> ObservedContainer {
        var labels = service.createRequest.config.labels ?? [:]
        labels[ComposeLabel.image] = imageID
        return ObservedContainer(
            id: id ?? "id-\(service.name)", name: name ?? service.containerName, service: service.name, state: state,
            health: health ?? (service.hasHealthcheck && state == "running" ? "healthy" : nil),
            exitCode: state == "exited" ? 0 : nil, imageID: imageID, labels: labels,
            networks: service.networks.map(\.name), volumes: service.volumes)
    }

    /// An engine that has everything the desired state needs except containers.
    static func engineWithResources(for desired: DesiredState, containers: [ObservedContainer] = []) -> ObservedState {
        var state = ObservedState(containers: containers)
        for network in desired.networks {
            state.networks[network.name] = ObservedResource(name: network.name, labels: [ComposeLabel.project: desired.project])
        }
        for volume in desired.volumes {
            state.volumes[volume.name] = ObservedResource(name: volume.name, labels: [ComposeLabel.project: desired.project])
        }
        for service in desired.services { state.images[service.image] = .some("sha256:image") }
        return state
    }
}
