import Foundation
import TestPrograms

/// A loopback HTTP server (python3's http.server) that answers every request with the Host header
/// and the path it received, as `host=<Host>\npath=<path>`. One per test; stopped in deinit.
final class EchoServer: @unchecked Sendable {
    private let process: TestProgram
    let port: Int

    static let script = """
        import http.server, sys
        class Echo(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = ("host=%s\\npath=%s" % (self.headers.get("Host"), self.path)).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Echo)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    init() throws {
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("plane-echo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        process = try TestProgram("/usr/bin/env", ["python3", "-c", Self.script], output: portFile)
        var port: Int?
        let deadline = Date().addingTimeInterval(30)
        while port == nil && process.isRunning && Date() < deadline {
            let text = (try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""
            port = text.hasSuffix("\n") ? Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
            if port == nil { usleep(20_000) }
        }
        guard let port else {
            process.signal(SIGKILL)
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    deinit {
        process.signal(SIGKILL)
        process.exitBlocking(timeout: 5)
    }
}
