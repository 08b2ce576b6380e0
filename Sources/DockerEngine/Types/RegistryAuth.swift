#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Engine {
    /// Credentials for a registry, sent as `X-Registry-Auth` (base64url JSON) with a pull or a
    /// distribution inspect: the engine keeps no login of its own, every client sends one per request.
    /// Either a username and password, or an identity token (an OAuth refresh token some registries
    /// hand out at `docker login`). Never printed: `description` redacts both secrets.
    public struct RegistryAuth: Encodable, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
        public var username: String
        var password: String
        var identityToken: String
        /// The registry the login is for, as the client config names it (`https://index.docker.io/v1/`, `ghcr.io`).
        public var serverAddress: String

        /// A username and password, or an identity token (with the username when the config had one).
        public init(username: String = "", password: String = "", identityToken: String = "", serverAddress: String) {
            self.username = username
            self.password = password
            self.identityToken = identityToken
            self.serverAddress = serverAddress
        }

        /// Whether there is anything to send (an entry with neither is anonymous access).
        public var isEmpty: Bool { username.isEmpty && password.isEmpty && identityToken.isEmpty }
        public var hasIdentityToken: Bool { !identityToken.isEmpty }

        enum CodingKeys: String, CodingKey { case username, password, serverAddress = "serveraddress", identityToken = "identitytoken" }

        /// The engine's AuthConfig JSON, empty fields left out (as the docker CLI's `omitempty`).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if !username.isEmpty { try container.encode(username, forKey: .username) }
            if !password.isEmpty { try container.encode(password, forKey: .password) }
            if !identityToken.isEmpty { try container.encode(identityToken, forKey: .identityToken) }
            if !serverAddress.isEmpty { try container.encode(serverAddress, forKey: .serverAddress) }
        }

        public var description: String {
            let secret = identityToken.isEmpty ? "password: <redacted>" : "identity token: <redacted>"
            return "RegistryAuth(username: \(username), server: \(serverAddress), \(secret))"
        }

        public var debugDescription: String { description }

        /// The `X-Registry-Auth` header value.
        func headerValue() throws(EngineError) -> String {
            do {
                return Client.base64URL(try Client.encoder.encode(self))
            } catch {
                throw EngineError(.invalidConfiguration, "cannot encode the registry login for \(serverAddress)")
            }
        }
    }

    /// Where a `Client` finds the login for the registry of each pull and distribution inspect, as
    /// the docker CLI and docker compose find theirs (PlaneKit's `DockerCredentials` reads the client
    /// config and its credential helpers). Asked per request; an implementation caches.
    public protocol RegistryCredentials: Sendable {
        /// The login for `registry` (`docker.io`, or `host[:port]`: `ImageReference.registry`); nil:
        /// anonymous. Throws when the login cannot be found out (a malformed config file, a failing
        /// helper): the request is then not sent. The error never carries a secret.
        func auth(forRegistry registry: String) async throws(EngineError) -> RegistryAuth?
    }
}

extension Engine.ImageReference {
    /// The registry host the reference names, by distribution's rule (`splitDockerDomain`): the first
    /// path component when it has a `.`, a `:` or an uppercase letter, or is `localhost`; else Docker
    /// Hub, `docker.io` (`index.docker.io` is Docker Hub too).
    public var registry: String {
        guard let slash = repository.firstIndex(of: "/") else { return "docker.io" }
        let first = repository[..<slash]
        let isHost = first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first
        guard isHost else { return "docker.io" }
        return first == "index.docker.io" ? "docker.io" : String(first)
    }
}
