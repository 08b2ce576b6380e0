#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Engine.Client {
    /// Maps to `GET /images/{name}/json`. A missing image is `EngineError.isNotFound`.
    public func inspectImage(_ name: String) async throws -> Engine.ImageInspect {
        try await get(Engine.ImageInspect.self, "/images/\(PercentEncoding.image(name))/json")
    }

    /// Pulls an image, calling `progress` with every progress line. The tag is always sent
    /// (`latest` when the reference has none): without it the engine pulls every tag.
    ///
    /// `auth`, else the login `registryCredentials` gives for the reference's registry, goes as
    /// `X-Registry-Auth`. A registry's refusal gets a hint naming it and `docker login`.
    /// An error the registry reports after the engine answered 200 (`errorDetail` in the
    /// stream) is thrown as `EngineError` with code `.stream`.
    ///
    /// Maps to `POST /images/create?fromImage=&tag=`.
    @discardableResult
    public func pullImage(
        _ reference: Engine.ImageReference, auth: Engine.RegistryAuth? = nil,
        progress: (@Sendable (Engine.PullProgress) -> Void)? = nil
    ) async throws -> Engine.PullResult {
        let login = try await registryLogin(for: reference, given: auth)
        do {
            return try await pull(reference, headers: try login.map { try [("X-Registry-Auth", $0.headerValue())] } ?? [], progress: progress)
        } catch let error as EngineError {
            throw RegistryRefusal.explained(error, registry: reference.registry, sentLogin: login != nil)
        }
    }

    private func pull(
        _ reference: Engine.ImageReference, headers: [(name: String, value: String)],
        progress: (@Sendable (Engine.PullProgress) -> Void)?
    ) async throws -> Engine.PullResult {
        let request = "POST /images/create"
        let (_, body) = try await openStream(
            .post, "/images/create", query: ["fromImage": reference.repository, "tag": reference.tag], headers: headers)

        var splitter = LineSplitter()
        var result = Engine.PullResult()
        func handle(_ line: Data) throws {
            let item: Engine.PullProgress
            do {
                item = try JSONDecoder().decode(Engine.PullProgress.self, from: line)
            } catch {
                throw EngineError(
                    .stream, "the pull of \(reference) sent a progress line that is not JSON (\(DecodingErrorSummary(error)))",
                    request: request, cause: error)
            }
            if let message = item.errorDetail?.message ?? item.error {
                throw EngineError(
                    .stream, "pulling \(reference) failed: \(message)",
                    hint: "check the image name and tag, that the registry is reachable from the engine, and its credentials",
                    request: request)
            }
            if let status = item.status {
                if status.hasPrefix("Digest: ") { result.digest = String(status.dropFirst("Digest: ".count)) }
                if status.hasPrefix("Status: ") { result.status = status }
            }
            progress?(item)
        }
        for try await chunk in body {
            for line in splitter.feed(chunk) { try handle(line) }
        }
        if let last = splitter.finish() { try handle(last) }
        return result
    }

    /// Maps to `POST /images/create?fromImage=&tag=`.
    @discardableResult
    public func pullImage(
        _ reference: String, auth: Engine.RegistryAuth? = nil,
        progress: (@Sendable (Engine.PullProgress) -> Void)? = nil
    ) async throws -> Engine.PullResult {
        try await pullImage(Engine.ImageReference(parsing: reference), auth: auth, progress: progress)
    }

    /// Adds the tag `repository:tag` to an image.
    ///
    /// Maps to `POST /images/{name}/tag?repo=&tag=`.
    public func tagImage(_ name: String, repository: String, tag: String) async throws {
        try await send(
            .post, "/images/\(PercentEncoding.image(name))/tag",
            query: ["repo": repository, "tag": tag])
    }

    /// Untags and, when no tag is left, deletes an image. An image in use is a 409.
    ///
    /// Maps to `DELETE /images/{name}?force=&noprune=`.
    @discardableResult
    public func removeImage(_ name: String, force: Bool = false, noPrune: Bool = false) async throws -> [Engine.ImageDeleteItem] {
        let path = "/images/\(PercentEncoding.image(name))"
        let response = try await send(
            .delete, path, query: ["force": force ? "1" : nil, "noprune": noPrune ? "1" : nil])
        return try decode([Engine.ImageDeleteItem].self, from: response, request: "DELETE \(path)")
    }

    /// The registry's current manifest for `name` (a tag or digest reference), asked by the engine:
    /// nothing is downloaded but the manifest's descriptor. A tag the registry does not have is a
    /// 404 from the registry, forwarded as `EngineError.isNotFound`; an unreachable registry is a 500.
    ///
    /// The login `registryCredentials` gives for the reference's registry goes as `X-Registry-Auth`
    /// (the engine keeps none: without it a private registry answers "no basic auth credentials").
    ///
    /// Maps to `GET /distribution/{name}/json`.
    public func distributionInspect(_ name: String) async throws -> Engine.DistributionInspect {
        let reference = Engine.ImageReference(parsing: name)
        let login = try await registryLogin(for: reference, given: nil)
        let path = "/distribution/\(PercentEncoding.image(name))/json"
        do {
            let response = try await send(.get, path, headers: try login.map { try [("X-Registry-Auth", $0.headerValue())] } ?? [])
            return try decode(Engine.DistributionInspect.self, from: response, request: "GET \(path)")
        } catch let error as EngineError {
            throw RegistryRefusal.explained(error, registry: reference.registry, sentLogin: login != nil)
        }
    }

    /// `given`, else what `registryCredentials` has for the reference's registry; nil when empty.
    func registryLogin(for reference: Engine.ImageReference, given: Engine.RegistryAuth?) async throws(EngineError) -> Engine.RegistryAuth? {
        if let given { return given.isEmpty ? nil : given }
        guard let registryCredentials, let found = try await registryCredentials.auth(forRegistry: reference.registry) else { return nil }
        return found.isEmpty ? nil : found
    }

    /// Base64url as the engine wants `X-Registry-Auth`.
    static func base64URL(_ data: Data) -> String {
        String(data.base64EncodedString().map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }
}
