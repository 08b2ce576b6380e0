#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTransport

extension Engine {
    /// A connection to one engine at one negotiated API version. Cheap to copy and share.
    ///
    /// Every method throws `EngineError` (or `CancellationError` when its task is cancelled).
    public struct Client: Sendable {
        public let endpoint: EngineEndpoint
        /// The version every path is prefixed with (`/v1.41/...`).
        public let apiVersion: APIVersion
        /// What the engine said about itself during negotiation (nil when a proxy hid /version).
        public let server: SystemVersion?
        let transport: any EngineTransport
        /// Where pulls and distribution inspects find their registry login (nil: none is sent). The
        /// engine keeps no login of its own: like the docker CLI, the client sends one per request.
        public var registryCredentials: (any Engine.RegistryCredentials)?

        public var features: EngineFeatures { EngineFeatures(apiVersion: apiVersion) }

        /// Negotiates the API version: `GET /_ping` (its `Api-Version` header is the engine's
        /// maximum), then `GET /version` for `MinAPIVersion`. Speaks min(server max, tested max)
        /// and refuses engines below max(1.41, server min).
        public static func connect(_ configuration: TransportConfiguration) async throws -> Client {
            try await connect(transport: CurlEngineTransport(configuration))
        }

        /// Negotiates from `GET /_ping` alone when its `Api-Version` header is there (one request
        /// instead of two: dockerd 20.10 takes milliseconds to assemble `/version`), speaking
        /// min(server max, tested max). `server` is then nil. Falls back to `connect(_:)` when the
        /// header is missing (a proxy stripping it). For short commands (`ps`, `up` with nothing to do).
        public static func connectQuickly(_ configuration: TransportConfiguration) async throws -> Client {
            let transport = CurlEngineTransport(configuration)
            let probe = Client(transport: transport, apiVersion: .minimumSupported, server: nil)
            let ping = try await probe.send(.get, "/_ping", versioned: false)
            guard let maximum = ping.headers["Api-Version"].flatMap(APIVersion.init) else {
                return try await connect(transport: transport)
            }
            let chosen = try APIVersion.negotiate(serverMaximum: maximum, serverMinimum: nil)
            return Client(transport: transport, apiVersion: chosen, server: nil)
        }

        /// A client at a fixed version, without negotiation (tests, or a version known from before).
        public init(_ configuration: TransportConfiguration, apiVersion: APIVersion) {
            self.init(transport: CurlEngineTransport(configuration), apiVersion: apiVersion, server: nil)
        }

        /// This client, sending the logins `credentials` gives with every pull and distribution inspect.
        public func sendingRegistryLogins(from credentials: (any Engine.RegistryCredentials)?) -> Client {
            var client = self
            client.registryCredentials = credentials
            return client
        }

        init(transport: any EngineTransport, apiVersion: APIVersion, server: SystemVersion?) {
            self.transport = transport
            self.endpoint = transport.endpoint
            self.apiVersion = apiVersion
            self.server = server
        }

        static func connect(transport: any EngineTransport) async throws -> Client {
            // Unversioned probes: the engine answers them at its own default version.
            let probe = Client(transport: transport, apiVersion: .minimumSupported, server: nil)
            let ping = try await probe.send(.get, "/_ping", versioned: false)
            var maximum = ping.headers["Api-Version"].flatMap(APIVersion.init)

            var server: SystemVersion?
            do {
                let response = try await probe.send(.get, "/version", versioned: false)
                server = try probe.decode(SystemVersion.self, from: response, request: "GET /version")
            } catch let error as EngineError {
                // A socket proxy may allow /_ping but not /version; the ping header then suffices.
                guard case .proxyDenied = error.code, maximum != nil else { throw error }
            }
            if let reported = server?.apiVersion.flatMap(APIVersion.init) { maximum = maximum.map { max($0, reported) } ?? reported }
            guard let maximum else {
                throw EngineError(
                    .unsupportedVersion,
                    "\(transport.endpoint) answered /_ping without an Api-Version header and /version without ApiVersion",
                    hint: "is this a Docker engine? a proxy in front of it may strip headers")
            }
            let minimum = server?.minAPIVersion.flatMap(APIVersion.init)
            let chosen = try APIVersion.negotiate(serverMaximum: maximum, serverMinimum: minimum)
            return Client(transport: transport, apiVersion: chosen, server: server)
        }
    }
}
