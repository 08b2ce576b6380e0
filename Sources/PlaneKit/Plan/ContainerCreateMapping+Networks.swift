import DockerEngine

/// Endpoints, links and the MAC address, as compose's createEndpointSettings, getLinks and
/// prepareContainerMACAddress make them.
extension ContainerCreateMapping {
    /// compose's aliases (the container name, the service name, then the ones written, as
    /// written), links, and the network's own settings when the service wrote any.
    static func endpoint(_ network: ServiceNetwork, service: String, containerName: String, links: [String] = []) -> Engine.EndpointSettings {
        let aliases = [containerName, service] + network.aliases
        var endpoint = Engine.EndpointSettings(aliases: aliases)
        if !links.isEmpty { endpoint.links = links }
        guard network.configured else { return endpoint }
        endpoint.ipamConfig = Engine.EndpointSettings.IPAMConfig(
            ipv4Address: network.ipv4Address, ipv6Address: network.ipv6Address, linkLocalIPs: network.linkLocalIPs)
        endpoint.ipAddress = network.ipv4Address
        endpoint.ipv6Gateway = network.ipv6Address
        endpoint.macAddress = network.macAddress
        endpoint.driverOpts = network.driverOptions
        if network.gatewayPriority != 0 { endpoint.gwPriority = network.gatewayPriority }
        return endpoint
    }

    /// compose's getLinks for container number 1: each linked service's container under the
    /// alias, `service-1` and `project-service-1`; external links as written.
    func links(_ m: Mapping, values: Values) throws(PlanError) -> [String] {
        var links: [String] = []
        for raw in try m["links"].flatMap({ n throws(PlanError) in try values.strings(n, "links") }) ?? [] {
            let parts = raw.split(separator: ":", maxSplits: 1).map(String.init)
            let service = parts[0]
            let alias = parts.count > 1 ? parts[1] : service
            guard let other = project.services[service] else {
                throw values.refused("links", m["links"], because: "no service \(service) to link to")
            }
            let name = other["container_name"]?.scalarText ?? project.containerName(service)
            links += ["\(name):\(alias)", "\(name):\(service)\(project.separator)1", "\(name):\(project.containerName(service))"]
        }
        for raw in try m["external_links"].flatMap({ n throws(PlanError) in try values.strings(n, "external_links") }) ?? [] {
            let parts = raw.split(separator: ":").map(String.init)
            let alias = parts.count == 2 ? parts[1] : parts[0]
            links.append("\(parts[0]):\(alias)")
        }
        return links
    }

    /// The container-wide MAC address (`mac_address`, or the main network's below API 1.44).
    func macAddress(_ m: Mapping, networks: [ServiceNetwork], values: Values) throws(PlanError) -> String? {
        let service = try m["mac_address"].flatMap { n throws(PlanError) in try values.text(n, "mac_address") }
        let main = networks.first
        if let service, let mainMAC = main?.macAddress, mainMAC != service {
            throw values.refused("mac_address", m["mac_address"], because: "the service-level mac_address should have the same value as network \(main!.key) (compose refuses it too)")
        }
        if multipleNetworksAtCreate { return service }
        let withMAC = networks.filter { $0.macAddress != nil }
        if withMAC.count > 1 {
            throw values.refused(
                "networks", m["networks"],
                because: "a MAC address is specified for multiple networks (\(withMAC.map(\.key).joined(separator: ", "))), which needs Engine API 1.44 or later")
        }
        return main?.macAddress ?? service
    }
}
