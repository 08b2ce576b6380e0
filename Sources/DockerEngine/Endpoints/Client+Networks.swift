extension Engine.Client {
    /// Maps to `GET /networks`.
    public func listNetworks(filters: Engine.Filters = [:]) async throws -> [Engine.Network] {
        try await get([Engine.Network].self, "/networks", query: ["filters": filters.queryValue])
    }

    /// Maps to `GET /networks/{id}`. A missing network is `EngineError.isNotFound`.
    public func inspectNetwork(_ id: String) async throws -> Engine.Network {
        try await get(Engine.Network.self, "/networks/\(PercentEncoding.segment(id))")
    }

    /// Creates a network (always with `CheckDuplicate: true`). A taken name is an error from the
    /// engine: 409 on current engines, 403 with a JSON message on 20.10.
    ///
    /// Maps to `POST /networks/create`.
    public func createNetwork(_ request: Engine.NetworkCreateRequest) async throws -> Engine.NetworkCreateResponse {
        let response = try await send(.post, "/networks/create", json: request)
        return try decode(Engine.NetworkCreateResponse.self, from: response, request: "POST /networks/create")
    }

    /// Removes a network; one with attached containers is refused by the engine (403 on 20.10).
    ///
    /// Maps to `DELETE /networks/{id}`.
    public func removeNetwork(_ id: String) async throws {
        try await send(.delete, "/networks/\(PercentEncoding.segment(id))")
    }

    /// Attaches a container, optionally with DNS aliases. Also works on created, not yet
    /// started containers (how further networks are added below API 1.44).
    ///
    /// Maps to `POST /networks/{id}/connect`.
    public func connectNetwork(_ network: String, container: String, aliases: [String]? = nil) async throws {
        let endpoint = aliases.map { Engine.EndpointSettings(aliases: $0) }
        try await connectNetwork(network, container: container, endpoint: endpoint)
    }

    /// Maps to `POST /networks/{id}/connect`.
    public func connectNetwork(_ network: String, container: String, endpoint: Engine.EndpointSettings?) async throws {
        try await send(
            .post, "/networks/\(PercentEncoding.segment(network))/connect",
            json: Engine.NetworkConnectRequest(container: container, endpointConfig: endpoint))
    }

    /// Maps to `POST /networks/{id}/disconnect`.
    public func disconnectNetwork(_ network: String, container: String, force: Bool = false) async throws {
        try await send(
            .post, "/networks/\(PercentEncoding.segment(network))/disconnect",
            json: Engine.NetworkDisconnectRequest(container: container, force: force))
    }
}
