import DockerEngine

/// One Engine endpoint plane needs, and a request to it that changes nothing whether or not it is
/// allowed: a missing object (`plane-probe-x` -> 404), or a body the engine refuses before
/// acting (`{}` -> 400). Any answer from the engine itself means the endpoint is reachable.
public struct AccessProbe: Sendable {
    /// `POST`, `GET`, `DELETE`.
    public var method: String
    /// The route as people write it: `/containers/{id}/start`.
    public var route: String
    /// What plane uses it for.
    public var purpose: String
    /// The rule of the stack's own socket-proxy (core/socket-proxy/haproxy.cfg, frontend
    /// docker_admin) that allows it.
    public var haproxyRule: String
    /// The method of the engine seam this endpoint serves.
    public var call: EngineCall
    let request: @Sendable (any ContainerEngine) async throws -> Void

    public static let probeName = "plane-probe-x"

    /// Every endpoint `plane up/down/ps/plan` calls, in the order a deployment uses them.
    public static let all: [AccessProbe] = {
        let x = probeName
        func probe(_ call: EngineCall, _ method: String, _ route: String, _ purpose: String, _ rule: String,
                   _ request: @escaping @Sendable (any ContainerEngine) async throws -> Void) -> AccessProbe {
            AccessProbe(method: method, route: route, purpose: purpose, haproxyRule: rule, call: call, request: request)
        }
        return [
            probe(.ping, "GET", "/_ping", "API version negotiation", "acl ep_system + `read_method ep_system`") { _ = try await $0.pingEngine() },
            probe(.version, "GET", "/version", "API version negotiation", "acl ep_system + `read_method ep_system`") { _ = try await $0.engineVersion() },
            probe(.listContainers, "GET", "/containers/json", "observe the project's containers (plan, ps)", "acl ep_containers + `read_method ep_containers`") {
                _ = try await $0.listContainers(all: true, filters: .label("dev.plane.probe", x))
            },
            probe(.inspectContainer, "GET", "/containers/{id}/json", "health and dependency conditions", "acl ep_containers + `read_method ep_containers`") {
                _ = try await $0.inspectContainer(x)
            },
            probe(.listNetworks, "GET", "/networks", "observe networks", "acl ep_networks + `read_method ep_networks`") {
                _ = try await $0.listNetworks(filters: .label("dev.plane.probe", x))
            },
            probe(.listVolumes, "GET", "/volumes", "observe the project's volumes", "acl ep_volumes + `read_method ep_volumes`") {
                _ = try await $0.listVolumes(filters: .label("dev.plane.probe", x))
            },
            probe(.inspectVolume, "GET", "/volumes/{name}", "observe a named volume", "acl ep_volumes + `read_method ep_volumes`") {
                _ = try await $0.inspectVolume(x)
            },
            probe(.inspectImage, "GET", "/images/{name}/json", "image IDs (recreate on a new image)", "acl ep_image_inspect + `read_method ep_image_inspect`") {
                _ = try await $0.inspectImage("\(x):none")
            },
            probe(.pullImage, "POST", "/images/create", "pull missing images", "acl ep_image_pull + `m_post ep_image_pull !image_import`") {
                try await $0.pull("\(x):Not a tag")
            },
            probe(.distributionInspect, "GET", "/distribution/{name}/json", "upgrade: a tag's current registry digest, nothing downloaded", "acl ep_distribution + `read_method ep_distribution`") {
                // An upper-case repository: the engine refuses the reference (400) before any registry
                // is asked, and the path still matches a proxy rule for names (no `%20` in it).
                _ = try await $0.registryDigest(x.uppercased())
            },
            probe(.tagImage, "POST", "/images/{name}/tag", "upgrade/rollback: the tag back on the last-good image", "acl ep_image_tag + `m_post ep_image_tag`") {
                try await $0.tagImage("\(x):none", repository: x, tag: "Not a tag")
            },
            probe(.removeImage, "DELETE", "/images/{name}", "upgrade: prune images beyond x-plane.upgrade.keep", "acl ep_image_item + `m_delete ep_image_item !image_force`") {
                try await $0.removeImage("\(x):none")
            },
            probe(.createNetwork, "POST", "/networks/create", "create project networks", "acl ep_network_create + `m_post ep_network_create`") {
                _ = try await $0.createNetwork(Engine.NetworkCreateRequest(name: ""))
            },
            probe(.createVolume, "POST", "/volumes/create", "create project volumes", "acl ep_volume_create + `m_post ep_volume_create`") {
                _ = try await $0.createVolume(Engine.VolumeCreateRequest(name: "plane probe/x"))
            },
            probe(.createContainer, "POST", "/containers/create", "create containers", "acl ep_container_create + `m_post ep_container_create`") {
                _ = try await $0.createContainer(name: x, Engine.ContainerCreateRequest(config: Engine.ContainerConfig()))
            },
            probe(.connectNetwork, "POST", "/networks/{id}/connect", "attach a container to its other networks", "acl ep_network_member + `m_post ep_network_member`") {
                try await $0.connectNetwork(x, container: x, endpoint: nil)
            },
            probe(.renameContainer, "POST", "/containers/{id}/rename", "keep the old container aside during a replacement", "acl ep_container_action + `m_post ep_container_action`") {
                try await $0.renameContainer(x, to: x + "-renamed")
            },
            probe(.startContainer, "POST", "/containers/{id}/start", "start containers", "acl ep_container_action + `m_post ep_container_action`") {
                _ = try await $0.startContainer(x)
            },
            probe(.stopContainer, "POST", "/containers/{id}/stop", "stop containers (replacement, down)", "acl ep_container_action + `m_post ep_container_action`") {
                _ = try await $0.stopContainer(x, timeout: 0)
            },
            probe(.pauseContainer, "POST", "/containers/{id}/pause", "drain the old container of a start-first replacement", "acl ep_container_action + `m_post ep_container_action`") {
                try await $0.pauseContainer(x)
            },
            probe(.unpauseContainer, "POST", "/containers/{id}/unpause", "drain the old container of a start-first replacement", "acl ep_container_action + `m_post ep_container_action`") {
                try await $0.unpauseContainer(x)
            },
            probe(.removeContainer, "DELETE", "/containers/{id}", "remove replaced and orphan containers, down", "acl ep_container_item + `m_delete ep_container_item`") {
                try await $0.removeContainer(x, force: false, volumes: false)
            },
            probe(.removeNetwork, "DELETE", "/networks/{id}", "down: remove project networks", "acl ep_network_item + `m_delete ep_network_item`") {
                try await $0.removeNetwork(x)
            },
            probe(.removeVolume, "DELETE", "/volumes/{name}", "down -v: remove project volumes", "acl ep_volume_item + `m_delete ep_volume_item`") {
                try await $0.removeVolume(x, force: false)
            },
        ]
    }()
}
