import Foundation
import TestPrograms

/// The stack's own socket-proxy, core/socket-proxy/haproxy.cfg, run by a real HAProxy on two
/// loopback ports in front of the test dockerd, with a userlist made here by `openssl passwd -6`
/// (the password goes through stdin, never argv). Stopped by `stop()` or deinit.
final class SocketProxyProcess: @unchecked Sendable {
    let readPort: Int
    let adminPort: Int
    let user = "plane"
    let password: String
    let directory: URL
    let authFile: URL
    let logURL: URL
    private let process: TestProgram

    var readHost: String { "tcp://127.0.0.1:\(readPort)" }
    var adminHost: String { "tcp://127.0.0.1:\(adminPort)" }
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    static var haproxy: String? {
        ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts HAProxy and waits (without blocking a thread) until both listeners answer.
    /// - Parameter config: the HAProxy configuration to run (default: the repository's own).
    static func start(engineSocket: String, config: URL = SocketProxyProcess.stackConfig) async throws -> SocketProxyProcess {
        let password = "pw-" + UUID().uuidString
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-socket-proxy-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let hash = try await PlaneProcess.runProgram("/usr/bin/openssl", ["passwd", "-6", "-stdin"], in: directory, environment: [:], stdin: password, timeout: 30)
        guard hash.status == 0 else { throw SetupError("openssl passwd failed: \(hash.stderr)") }
        let proxy = try SocketProxyProcess(engineSocket: engineSocket, config: config, password: password, hash: hash.stdout, directory: directory)
        for _ in 0..<200 {
            if !proxy.process.isRunning { throw SetupError("haproxy exited: \(proxy.log)") }
            if answers(port: proxy.adminPort) && answers(port: proxy.readPort) { return proxy }
            try await Task.sleep(for: .milliseconds(50))
        }
        proxy.stop()
        throw SetupError("haproxy did not listen within 10 s: \(proxy.log)")
    }

    private init(engineSocket: String, config: URL, password: String, hash: String, directory: URL) throws {
        guard let haproxy = Self.haproxy else { throw SetupError("haproxy is not installed (apt-get install -y haproxy)") }
        self.password = password
        self.directory = directory
        let userlist = directory.appendingPathComponent("docker_api_basicauth")
        try "userlist docker_api_users\n    user \(user) password \(hash.trimmingCharacters(in: .whitespacesAndNewlines))\n"
            .write(to: userlist, atomically: true, encoding: .utf8)
        authFile = directory.appendingPathComponent("auth")
        FileManager.default.createFile(atPath: authFile.path, contents: Data("\(user):\(password)\n".utf8), attributes: [.posixPermissions: 0o600])
        logURL = directory.appendingPathComponent("haproxy.log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        readPort = try Self.freePort()
        adminPort = try Self.freePort()

        process = try TestProgram(haproxy, ["-db", "-f", config.path, "-f", userlist.path], environment: [
            "PATH": "/usr/bin:/bin", "DOCKER_SOCKET": engineSocket,
            "SOCKET_PROXY_READ_BIND": "127.0.0.1:\(readPort)", "SOCKET_PROXY_ADMIN_BIND": "127.0.0.1:\(adminPort)",
            "HAPROXY_LOG_LEVEL": "info",
        ], output: logURL.path)
    }

    static var stackConfig: URL { StackFixture.repository.appendingPathComponent("core/socket-proxy/haproxy.cfg") }

    /// Log lines of requests the deployer listener passed to the engine that may write.
    func writeLines(after offset: Int = 0) -> [String] {
        log.split(separator: "\n").dropFirst(offset).map(String.init).filter { line in
            line.contains(" docker_admin ") && (line.contains("\"POST ") || line.contains("\"DELETE ") || line.contains("\"PUT "))
        }
    }

    var logLineCount: Int { log.split(separator: "\n").count }

    /// SIGTERM, then SIGKILL after 5 s.
    func stop() {
        process.terminate()
        process.exitBlocking(timeout: 5)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    static func answers(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SetupError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw SetupError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
