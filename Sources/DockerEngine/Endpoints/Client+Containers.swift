#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTransport

extension Engine.Client {
    /// Containers, all states by default, optionally filtered (`Engine.Filters.label("k", "v")`).
    ///
    /// Maps to `GET /containers/json`.
    public func listContainers(all: Bool = true, filters: Engine.Filters = [:]) async throws -> [Engine.ContainerSummary] {
        try await get(
            [Engine.ContainerSummary].self, "/containers/json",
            query: ["all": all ? "1" : "0", "filters": filters.queryValue])
    }

    /// Maps to `GET /containers/{id}/json`. A missing container is `EngineError.isNotFound`.
    public func inspectContainer(_ id: String) async throws -> Engine.ContainerInspect {
        try await get(Engine.ContainerInspect.self, "/containers/\(PercentEncoding.segment(id))/json")
    }

    /// Creates a container. Below API 1.44 `NetworkingConfig` may hold one network only; connect
    /// the others with `connectNetwork` before starting.
    ///
    /// Maps to `POST /containers/create?name=`. A taken name is `EngineError.isConflict`.
    public func createContainer(name: String?, _ request: Engine.ContainerCreateRequest) async throws -> Engine.ContainerCreateResponse {
        let networks = request.networkingConfig?.endpointsConfig.count ?? 0
        if networks > 1 && !features.supportsMultipleNetworksAtCreate {
            throw EngineError(
                .invalidConfiguration,
                "cannot create \(name ?? "a container") on \(networks) networks at once with Engine API \(apiVersion)",
                hint: "create it on one network and connect the others before start (API 1.44+ accepts several)",
                request: "POST /containers/create")
        }
        let response = try await send(.post, "/containers/create", query: ["name": name], json: request)
        return try decode(Engine.ContainerCreateResponse.self, from: response, request: "POST /containers/create")
    }

    /// Starts a container. Returns false when it was already running (HTTP 304), which is success.
    ///
    /// Maps to `POST /containers/{id}/start`.
    @discardableResult
    public func startContainer(_ id: String) async throws -> Bool {
        let response = try await send(.post, "/containers/\(PercentEncoding.segment(id))/start", accepting: [304])
        return response.status != 304
    }

    /// Stops a container: its stop signal, then SIGKILL after `timeout` seconds (nil: the
    /// container's own StopTimeout, default 10). Returns false when it was already stopped (304).
    ///
    /// Maps to `POST /containers/{id}/stop?t=`.
    @discardableResult
    public func stopContainer(_ id: String, timeout: Int? = nil) async throws -> Bool {
        // The engine answers only after the container is gone: allow its grace period and more; a
        // negative timeout makes the engine wait for the container as long as it takes, so does plane.
        let limit: RequestTimeout = (timeout ?? 0) < 0 ? .unbounded : .limit(.seconds((timeout ?? 10) + 60))
        let response = try await send(
            .post, "/containers/\(PercentEncoding.segment(id))/stop", query: ["t": timeout.map(String.init)],
            accepting: [304], timeout: limit)
        return response.status != 304
    }

    /// Freezes every process of a running container (cgroup freezer): connections it receives wait
    /// in the kernel until it is unpaused. An inspect then reads its health as `unhealthy`.
    ///
    /// Maps to `POST /containers/{id}/pause`.
    public func pauseContainer(_ id: String) async throws {
        try await send(.post, "/containers/\(PercentEncoding.segment(id))/pause")
    }

    /// Thaws a paused container.
    ///
    /// Maps to `POST /containers/{id}/unpause`.
    public func unpauseContainer(_ id: String) async throws {
        try await send(.post, "/containers/\(PercentEncoding.segment(id))/unpause")
    }

    /// Sends a signal (default SIGKILL). A container that is not running is a 409.
    ///
    /// Maps to `POST /containers/{id}/kill?signal=`.
    public func killContainer(_ id: String, signal: String? = nil) async throws {
        try await send(.post, "/containers/\(PercentEncoding.segment(id))/kill", query: ["signal": signal])
    }

    /// Removes a container; `force` kills it first, `volumes` removes its anonymous volumes.
    ///
    /// Maps to `DELETE /containers/{id}?force=&v=`.
    public func removeContainer(_ id: String, force: Bool = false, volumes: Bool = false) async throws {
        try await send(
            .delete, "/containers/\(PercentEncoding.segment(id))",
            query: ["force": force ? "1" : nil, "v": volumes ? "1" : nil])
    }

    /// Maps to `POST /containers/{id}/rename?name=`. A taken name is a 409.
    public func renameContainer(_ id: String, to name: String) async throws {
        try await send(.post, "/containers/\(PercentEncoding.segment(id))/rename", query: ["name": name])
    }

    /// Blocks until the condition holds; no time limit (cancel the task to give up).
    ///
    /// Maps to `POST /containers/{id}/wait?condition=`.
    public func waitContainer(_ id: String, condition: Engine.WaitCondition = .notRunning) async throws -> Engine.ContainerWaitResponse {
        let path = "/containers/\(PercentEncoding.segment(id))/wait"
        let response = try await send(.post, path, query: ["condition": condition.rawValue], timeout: .unbounded)
        return try decode(Engine.ContainerWaitResponse.self, from: response, request: "POST \(path)")
    }
}
