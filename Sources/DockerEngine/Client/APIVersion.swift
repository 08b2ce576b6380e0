import HTTPTransport

/// An Engine API version such as 1.41, ordered numerically (1.9 < 1.10).
public struct APIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    public init?(_ text: String) {
        let parts = text.trimmedWhitespace.split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            return nil
        }
        self.init(major, minor)
    }

    /// The oldest API plane speaks: Docker 20.10 (Debian bookworm's docker.io).
    public static let minimumSupported = APIVersion(1, 41)
    /// The newest API plane has been tested against; newer engines are spoken to at this version.
    public static let testedMaximum = APIVersion(1, 47)

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// The version to speak: min(server max, tested max), refused when it falls below
    /// max(1.41, server min).
    public static func negotiate(
        serverMaximum: APIVersion, serverMinimum: APIVersion?,
        supported: ClosedRange<APIVersion> = minimumSupported...testedMaximum
    ) throws(EngineError) -> APIVersion {
        let chosen = min(serverMaximum, supported.upperBound)
        if serverMaximum < supported.lowerBound {
            throw EngineError(
                .unsupportedVersion,
                "the engine speaks Engine API \(serverMaximum) at most; plane needs \(supported.lowerBound) or newer",
                hint: "upgrade the Docker engine to 20.10 or newer")
        }
        if let serverMinimum, chosen < serverMinimum {
            throw EngineError(
                .unsupportedVersion,
                "the engine requires Engine API \(serverMinimum) or newer; plane is tested up to \(supported.upperBound)",
                hint: "upgrade plane, or lower the engine's minimum (DOCKER_MIN_API_VERSION on Docker 29+)")
        }
        return chosen
    }
}

/// What the negotiated version allows; callers ask these instead of comparing numbers.
public struct EngineFeatures: Sendable, Equatable {
    public let apiVersion: APIVersion

    public init(apiVersion: APIVersion) { self.apiVersion = apiVersion }

    /// `POST /containers/create` accepts more than one entry in `NetworkingConfig.EndpointsConfig`
    /// (1.44+); before that, connect further networks with `POST /networks/{id}/connect` before start.
    public var supportsMultipleNetworksAtCreate: Bool { apiVersion >= APIVersion(1, 44) }
    /// `Healthcheck.StartInterval` is honoured (1.44+).
    public var supportsHealthStartInterval: Bool { apiVersion >= APIVersion(1, 44) }
    /// Logs responses say in `Content-Type` whether they are multiplexed (1.42+); before that the
    /// container's `Config.Tty` decides.
    public var logsDeclareContentType: Bool { apiVersion >= APIVersion(1, 42) }
    /// `POST /exec/{id}/start` takes the TTY's initial `ConsoleSize` (1.42+); before that only
    /// `POST /exec/{id}/resize`, once the command runs, sets it.
    public var supportsExecConsoleSize: Bool { apiVersion >= APIVersion(1, 42) }
}
