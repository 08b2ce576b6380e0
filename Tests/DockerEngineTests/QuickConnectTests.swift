import Foundation
import Synchronization
import Testing
@testable import DockerEngine

@Suite("Negotiation from /_ping alone, and the request observer")
struct QuickConnectTests {
    final class Seen: Sendable {
        let records = Mutex<[RequestRecord]>([])
    }

    @Test("connectQuickly negotiates from the ping header with one request; the observer sees each request")
    func quick() async throws {
        let fake = try await FakeEngine(apiVersion: "1.52", minimum: "1.44")
        defer { fake.stop() }
        let seen = Seen()
        var configuration = fake.configuration
        configuration.requestObserver = { record in seen.records.withLock { $0.append(record) } }
        let client = try await Engine.Client.connectQuickly(configuration)
        #expect(client.apiVersion == APIVersion(1, 47))
        #expect(client.server == nil)
        #expect(seen.records.withLock { $0 } == [RequestRecord(method: "GET", path: "/_ping", status: 200)])
        _ = try? await client.inspectContainer("missing")
        #expect(seen.records.withLock { $0.last } == RequestRecord(method: "GET", path: "/v1.47/containers/missing/json", status: 404))
    }

    @Test("connectQuickly still refuses an engine below 1.41")
    func tooOld() async throws {
        let fake = try await FakeEngine(apiVersion: "1.40", minimum: "1.12")
        defer { fake.stop() }
        do {
            _ = try await Engine.Client.connectQuickly(fake.configuration)
            Issue.record("connected to a 1.40 engine")
        } catch let error as EngineError {
            #expect(error.code == .unsupportedVersion)
        }
    }
}
