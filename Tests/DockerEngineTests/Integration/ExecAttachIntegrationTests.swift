import Foundation
import Testing
@testable import DockerEngine

/// `attachExec` on the private dockerd: the engine answers 101 and the connection carries stdin
/// one way and the output the other (multiplexed, or raw under a TTY); the half-close ends the
/// command's stdin. `TLSIntegrationTests` runs the same round trip over TLS.
@Suite("Exec attached both ways", .enabled(if: TestDaemon.shouldRun, TestDaemon.skipComment), .serialized)
struct ExecAttachIntegrationTests {
    @Test("stdin in, stdout/stderr out apart, half-close ends cat, exit code; under a TTY the output is raw and resizable")
    func roundTripOnTheSocket() async throws {
        try await Self.roundTrip(try await TestDaemon.client(), direct: try await TestDaemon.client())
    }

    /// Runs a busybox container through `direct`, and the execs through `client` (the endpoint under test).
    static func roundTrip(_ client: Engine.Client, direct: Engine.Client) async throws {
        var config = Engine.ContainerConfig(image: TestDaemon.image, cmd: ["/bin/busybox", "sleep", "60"], labels: ["dev.plane.test": "exec-attach"])
        config.tty = false
        let container = try await direct.createContainer(name: nil, .init(config: config))
        do {
            try await direct.startContainer(container.id)
            try await exchange(client, container: container.id)
        } catch {
            try? await direct.removeContainer(container.id, force: true)
            throw error
        }
        try await direct.removeContainer(container.id, force: true)
    }

    private static func exchange(_ client: Engine.Client, container: String) async throws {
        let piped = try await client.createExec(container, Engine.ExecCreateRequest(
            cmd: ["sh", "-c", "cat; echo err-line >&2; exit 4"], attachStdin: true))
        let attachment = try await client.attachExec(piped.id, tty: false)
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await attachment.send(payload)
        attachment.closeInput()
        var stdout: [UInt8] = [], stderr: [UInt8] = []
        for try await frame in attachment.output {
            if frame.stream == .stderr { stderr += frame.payload } else { stdout += frame.payload }
        }
        #expect(stdout == payload, "stdout: \(stdout.count) bytes back of \(payload.count)")
        #expect(String(decoding: stderr, as: UTF8.self) == "err-line\n")
        #expect(try await Self.exitCode(piped.id, client: client) == 4)

        let terminal = try await client.createExec(container, Engine.ExecCreateRequest(cmd: ["sh"], attachStdin: true, tty: true))
        let session = try await client.attachExec(terminal.id, tty: true)
        try await client.resizeExec(terminal.id, height: 21, width: 77)
        try await session.send(Array("stty size; tty; exit 3\n".utf8))
        var text = ""
        for try await frame in session.output {
            #expect(frame.stream == .console)
            text += String(decoding: frame.payload, as: UTF8.self)
        }
        #expect(text.contains("21 77\r\n") && text.contains("/dev/pts/"), "\(text)")
        #expect(try await Self.exitCode(terminal.id, client: client) == 3)
    }

    /// The code recorded once the exec has ended (bounded poll).
    static func exitCode(_ id: String, client: Engine.Client) async throws -> Int? {
        for _ in 0..<100 {
            let state = try await client.inspectExec(id)
            if state.running != true, let code = state.exitCode { return code }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
