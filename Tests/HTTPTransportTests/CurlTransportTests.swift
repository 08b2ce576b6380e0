import Foundation
import Testing
@testable import HTTPTransport

/// The transport on its own: any HTTP server, errors without Engine words, the Host/SNI override.
@Suite struct CurlTransportTests {
    @Test("a GET to a loopback server; the request is reported without headers or body")
    func plainGet() async throws {
        let server = try EchoServer()
        let records = RecordBox()
        let transport = CurlTransport(HTTPTransportConfiguration(
            endpoint: HTTPEndpoint(scheme: .http, host: "127.0.0.1", port: server.port),
            requestObserver: { records.append($0) }))
        let response = try await transport.send(HTTPRequest(method: "GET", target: "/api/health?x=1"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "host=127.0.0.1:\(server.port)\npath=/api/health?x=1")
        #expect(records.all == [RequestRecord(method: "GET", path: "/api/health", status: 200)])
    }

    @Test("hostName sends that Host (and SNI) while connecting to the endpoint's address")
    func hostOverride() async throws {
        let server = try EchoServer()
        let transport = CurlTransport(HTTPTransportConfiguration(endpoint: HTTPEndpoint(scheme: .http, host: "127.0.0.1", port: server.port)))
        // The name does not resolve anywhere: only the override makes this reach the server.
        let response = try await transport.send(HTTPRequest(method: "GET", target: "/ping", hostName: "radarr.plane-test.invalid"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "host=radarr.plane-test.invalid:\(server.port)\npath=/ping")
        // The same transport without the override still addresses the endpoint itself.
        let plain = try await transport.send(HTTPRequest(method: "GET", target: "/ping"))
        #expect(String(decoding: plain.body, as: UTF8.self).hasPrefix("host=127.0.0.1:"))
    }

    @Test("nothing listening: a TransportError with curl's code and message, and no Engine words")
    func refused() async throws {
        let endpoints = [HTTPEndpoint(scheme: .http, host: "127.0.0.1", port: 1),
                         HTTPEndpoint(scheme: .unix, host: "/nonexistent/plane-test.sock")]
        for endpoint in endpoints {
            let transport = CurlTransport(HTTPTransportConfiguration(endpoint: endpoint, connectTimeout: .seconds(2)))
            do {
                _ = try await transport.send(HTTPRequest(method: "GET", target: "/"))
                Issue.record("no error from \(endpoint)")
            } catch let error as TransportError {
                #expect(error.kind == .couldNotConnect, "\(error)")
                #expect(error.curlCode == 7)
                #expect(error.endpoint == endpoint)
                #expect(!error.message.isEmpty)
                for word in ["engine", "Engine", "Docker", "DOCKER_HOST"] { #expect(!error.description.contains(word)) }
            }
        }
    }

    @Test("endpoints print as typed and build curl's URL")
    func endpoints() {
        #expect(HTTPEndpoint(scheme: .unix, host: "/run/x.sock").description == "unix:///run/x.sock")
        #expect(HTTPEndpoint(scheme: .https, host: "::1", port: 8443).description == "https://[::1]:8443")
        #expect(HTTPEndpoint(scheme: .tcp, host: "h", port: 2376).baseURL(tls: TLSOptions()) == "https://h:2376")
        #expect(HTTPEndpoint(scheme: .tcp, host: "h", port: 2375).baseURL(tls: nil) == "http://h:2375")
        #expect(HTTPEndpoint(scheme: .http, host: "10.0.0.1", port: 80).baseURL(tls: nil, hostName: "app.lan") == "http://app.lan:80")
        #expect(HTTPEndpoint(scheme: .unix, host: "/x.sock").baseURL(tls: nil) == "http://localhost")
    }
}

final class RecordBox: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [RequestRecord] = []
    func append(_ record: RequestRecord) { lock.lock(); records.append(record); lock.unlock() }
    var all: [RequestRecord] { lock.lock(); defer { lock.unlock() }; return records }
}
