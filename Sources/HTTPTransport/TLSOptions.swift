/// TLS files for `https://` and `tcp://` endpoints (the Docker CLI's --tlscacert/--tlscert/--tlskey).
public struct TLSOptions: Sendable, Equatable {
    /// PEM bundle that signs the server certificate; nil uses the system store.
    public var caCertificatePath: String?
    /// PEM client certificate, for servers that verify clients (dockerd --tlsverify).
    public var clientCertificatePath: String?
    /// PEM key of the client certificate.
    public var clientKeyPath: String?
    /// Turning this off is for tests against self-signed loopback servers only.
    public var verifyPeer: Bool

    public init(
        caCertificatePath: String? = nil, clientCertificatePath: String? = nil,
        clientKeyPath: String? = nil, verifyPeer: Bool = true
    ) {
        self.caCertificatePath = caCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.verifyPeer = verifyPeer
    }

    /// The Docker CLI's layout: ca.pem, cert.pem, key.pem in one directory (DOCKER_CERT_PATH).
    public static func directory(_ path: String) -> TLSOptions {
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        return TLSOptions(
            caCertificatePath: base + "/ca.pem", clientCertificatePath: base + "/cert.pem",
            clientKeyPath: base + "/key.pem")
    }
}
