extension Engine.Client {
    /// Checks that the engine answers, and reads the headers it sends with "OK".
    ///
    /// Maps to `GET /_ping`.
    public func ping() async throws -> Engine.PingResult {
        let response = try await send(.get, "/_ping")
        return Engine.PingResult(
            apiVersion: response.headers["Api-Version"],
            osType: response.headers["Ostype"],
            experimental: response.headers["Docker-Experimental"] == "true",
            builderVersion: response.headers["Builder-Version"])
    }

    /// The engine's version and API range.
    ///
    /// Maps to `GET /version`.
    public func version() async throws -> Engine.SystemVersion {
        try await get(Engine.SystemVersion.self, "/version")
    }

    /// System-wide information.
    ///
    /// Maps to `GET /info`.
    public func info() async throws -> Engine.SystemInfo {
        try await get(Engine.SystemInfo.self, "/info")
    }
}
