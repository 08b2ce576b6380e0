import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// `plane up/doctor/down` through the stack's own socket-proxy (core/socket-proxy/haproxy.cfg in a
/// real HAProxy 2.6 on loopback ports) with BasicAuth, in front of the private dockerd.
@Suite("plane through the stack's socket-proxy", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct SocketProxyUpTests {
    @Test("doctor passes on the deployer listener; every profile comes up in order through it; a second up writes nothing")
    func deployThroughTheProxy() async throws {
        let proxy = try await SocketProxyProcess.start(engineSocket: try TestEngine.socketPath())
        defer { proxy.stop() }
        let admin = ["--host", proxy.adminHost, "--auth-file", proxy.authFile.path]
        try await StackRun.with("UpStack", prefix: "plane-it-proxy", engineArguments: admin) { run in
            var outputs: [String] = []
            let doctor = try await PlaneProcess.run(["doctor"] + admin, in: run.directory, environment: run.environment)
            outputs.append(doctor.stdout + doctor.stderr)
            #expect(doctor.status == 0, "\(doctor)")
            #expect(doctor.stdout.contains("24 endpoints checked: 24 allowed, 0 denied, 0 failed"), "\(doctor)")

            // medias first: what it depends on in core comes up with it (docker compose refuses this).
            let medias = try await run.plane("up", ["--profile", "medias", "--wait"])
            outputs.append(medias.stdout + medias.stderr)
            #expect(medias.status == 0, "\(medias)")
            let afterMedias = Set(try await TestEngine.containers(run.project).compactMap(\.name))
            #expect(afterMedias == Set(["proxy", "auth", "media-init", "media", "indexer"].map { "\(run.project)-\($0)-1" }))

            for profile in ["core", "dashboard", "medias", "apps", "automatisation", "monitoring"] {
                let result = try await run.plane("up", ["--profile", profile, "--wait"])
                outputs.append(result.stdout + result.stderr)
                #expect(result.status == 0, "up --profile \(profile) through the proxy: \(result)")
            }
            #expect(try await run.composeListedNames().count == 9)

            // Zero writes on a second up, counted in HAProxy's own log of the deployer listener.
            let before = proxy.logLineCount
            let second = try await run.plane("up", ["--profile", "*", "--wait"])
            outputs.append(second.stdout + second.stderr)
            #expect(second.status == 0, "\(second)")
            try await Task.sleep(for: .milliseconds(200))
            #expect(proxy.logLineCount > before, "HAProxy logged nothing: the count would prove nothing")
            #expect(proxy.writeLines(after: before).isEmpty, "writes through the proxy on a no-op up: \(proxy.writeLines(after: before))")

            let down = try await run.plane("down", ["-v"])
            outputs.append(down.stdout + down.stderr)
            #expect(down.status == 0, "\(down)")
            #expect(try await TestEngine.containers(run.project).isEmpty)

            for output in outputs { #expect(!output.contains(proxy.password)) }
            #expect(!proxy.log.contains(proxy.password))
        }
    }

    @Test("a denied endpoint gives the proxy's message and what to change; bad credentials are named as such")
    func denials() async throws {
        let socket = try TestEngine.socketPath()
        // The stack's config minus the rule that lets plane remove containers.
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("haproxy-no-delete-\(UUID().uuidString.prefix(8)).cfg")
        let original = try String(contentsOf: SocketProxyProcess.stackConfig, encoding: .utf8)
        let trimmed = original.replacingOccurrences(of: " || m_delete ep_container_item", with: "")
        #expect(trimmed != original, "the socket-proxy config no longer has the rule this test removes")
        try trimmed.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let proxy = try await SocketProxyProcess.start(engineSocket: socket, config: config)
        defer { proxy.stop() }
        let admin = ["--host", proxy.adminHost, "--auth-file", proxy.authFile.path]

        try await StackRun.with("UpStack", prefix: "plane-it-deny", engineArguments: admin) { run in
            let doctor = try await PlaneProcess.run(["doctor"] + admin, in: run.directory, environment: run.environment)
            #expect(doctor.status == 3, "\(doctor)")
            #expect(doctor.stdout.contains("DENIED   DELETE /containers/{id}"), "\(doctor)")
            #expect(doctor.stdout.contains("core/socket-proxy/haproxy.cfg (frontend docker_admin): acl ep_container_item + `m_delete ep_container_item`"), "\(doctor)")
            #expect(doctor.stdout.contains("23 allowed, 1 denied"), "\(doctor)")

            #expect(try await run.plane("up", ["--profile", "core"]).status == 0)
            let down = try await run.plane("down")
            #expect(down.status == 3, "\(down)")
            #expect(down.stderr.contains("the socket proxy at \(proxy.adminHost) refused DELETE /containers/"), "\(down)")
            #expect(down.stderr.contains("run `plane doctor`"), "\(down)")

            // The read-only listener: every write refused, doctor says where to allow them.
            let readOnly = try await PlaneProcess.run(["doctor", "--host", proxy.readHost], in: run.directory, environment: run.environment)
            #expect(readOnly.status == 3)
            #expect(readOnly.stdout.contains("DENIED   POST /containers/create"), "\(readOnly)")
            let up = try await run.plane("up", ["--profile", "core"], engine: ["--host", proxy.readHost])
            #expect(up.status == 3, "\(up)")
            #expect(up.stderr.contains("error[proxy-denied]: the socket proxy at \(proxy.readHost) refused"), "\(up)")

            // Wrong password: 401 named as a credentials problem, the password nowhere.
            let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("plane-wrong-auth-\(UUID().uuidString.prefix(8))")
            FileManager.default.createFile(atPath: wrong.path, contents: Data("plane:not-\(proxy.password)\n".utf8), attributes: [.posixPermissions: 0o600])
            defer { try? FileManager.default.removeItem(at: wrong) }
            let unauthorized = try await run.plane("ps", [], engine: ["--host", proxy.adminHost, "--auth-file", wrong.path])
            #expect(unauthorized.status == 3)
            #expect(unauthorized.stderr.contains("rejected plane's credentials"), "\(unauthorized)")
            for output in [doctor.stdout, down.stderr, up.stderr, unauthorized.stderr, proxy.log] {
                #expect(!output.contains(proxy.password))
            }
        }
    }
}
