import Foundation

/// The docker CLI's contexts, read as docker and compose read them, for when neither `--host`,
/// `PLANE_DOCKER_HOST` nor `DOCKER_HOST` names the engine (DOCKER_HOST wins over a context, as in
/// docker's CLI): the name is `DOCKER_CONTEXT`, else `currentContext` of `$DOCKER_CONFIG/config.json`
/// (default `~/.docker`); its endpoint is `Endpoints.docker.Host` of
/// `contexts/meta/<sha256 of the name>/meta.json`. `default` (or none) is the built-in socket.
public enum DockerContext {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public var hint: String?
    }

    /// The host of the current context, with the context's name; nil for the default context.
    public static func currentHost(environment: [String: String]) throws(Failure) -> (name: String, host: String)? {
        let configDirectory = DockerConfigFile.directory(environment: environment)
        var name = environment["DOCKER_CONTEXT"].flatMap { $0.isEmpty ? nil : $0 }
        if name == nil, let data = FileManager.default.contents(atPath: PathRules.join(configDirectory, "config.json")) {
            struct Config: Decodable { var currentContext: String? }
            name = (try? JSONDecoder().decode(Config.self, from: data))?.currentContext.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let name, name != "default" else { return nil }
        var hasher = SHA256()
        hasher.update(Array(name.utf8))
        let digest = HMAC.hex(hasher.finalize())
        let metaPath = PathRules.join(configDirectory, "contexts/meta/\(digest)/meta.json")
        guard let data = FileManager.default.contents(atPath: metaPath) else {
            throw Failure(description: "docker context \"\(name)\" does not exist (no \(metaPath))",
                          hint: "`docker context ls` lists them; unset DOCKER_CONTEXT or `docker context use default`, or set DOCKER_HOST")
        }
        struct Meta: Decodable {
            struct Endpoint: Decodable {
                var Host: String?
                var SkipTLSVerify: Bool?
            }
            var Endpoints: [String: Endpoint]?
        }
        guard let meta = try? JSONDecoder().decode(Meta.self, from: data), let host = meta.Endpoints?["docker"]?.Host, !host.isEmpty else {
            throw Failure(description: "docker context \"\(name)\" has no docker endpoint in \(metaPath)", hint: nil)
        }
        let tls = PathRules.join(configDirectory, "contexts/tls/\(digest)/docker")
        if FileManager.default.fileExists(atPath: tls) {
            throw Failure(description: "docker context \"\(name)\" uses TLS client material (\(tls)), which plane does not read from contexts",
                          hint: "set DOCKER_HOST (or --host) to its endpoint \(host) and give plane the TLS files, or use a socket proxy")
        }
        return (name, host)
    }
}
