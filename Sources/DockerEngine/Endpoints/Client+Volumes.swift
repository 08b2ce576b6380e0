extension Engine.Client {
    /// Maps to `GET /volumes`.
    public func listVolumes(filters: Engine.Filters = [:]) async throws -> [Engine.Volume] {
        let response = try await get(Engine.VolumeListResponse.self, "/volumes", query: ["filters": filters.queryValue])
        return response.volumes ?? []
    }

    /// Maps to `GET /volumes/{name}`.
    public func inspectVolume(_ name: String) async throws -> Engine.Volume {
        try await get(Engine.Volume.self, "/volumes/\(PercentEncoding.segment(name))")
    }

    /// Creates a volume; creating an existing name returns the existing volume.
    ///
    /// Maps to `POST /volumes/create`.
    public func createVolume(_ request: Engine.VolumeCreateRequest) async throws -> Engine.Volume {
        let response = try await send(.post, "/volumes/create", json: request)
        return try decode(Engine.Volume.self, from: response, request: "POST /volumes/create")
    }

    /// Removes a volume; one in use is a 409.
    ///
    /// Maps to `DELETE /volumes/{name}?force=`.
    public func removeVolume(_ name: String, force: Bool = false) async throws {
        try await send(.delete, "/volumes/\(PercentEncoding.segment(name))", query: ["force": force ? "1" : nil])
    }
}
