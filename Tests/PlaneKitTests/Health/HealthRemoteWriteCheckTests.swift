import Foundation
import Testing
@testable import PlaneKit

/// Two /metrics scrapes, 3 s apart, of real Prometheus 2.42 agents whose remote-write receiver accepted
/// (the real receiver), answered 401, answered 503, or was down (scripts/health-capture-fixtures.sh).
@Suite("Remote-write delivery over two scrapes")
struct HealthRemoteWriteCheckTests {
    static func scrapes(_ mode: String) throws -> ([MetricSample], [MetricSample]) {
        (try PrometheusText.parse(try HealthFixture.text("prometheus/agent-\(mode)-scrape1.prom")),
         try PrometheusText.parse(try HealthFixture.text("prometheus/agent-\(mode)-scrape2.prom")))
    }

    static func verdict(_ mode: String, receiverFresh: Bool? = nil) throws -> HealthResult {
        let (a, b) = try scrapes(mode)
        let results = RemoteWriteCheck.evaluate(before: a, after: b, window: 3, receiverFresh: receiverFresh)
        #expect(results.count == 1)
        return try #require(results.first)
    }

    @Test("receiver accepts: pass (a batch in flight between the scrapes is not a growing backlog)")
    func accepted() throws {
        let result = try Self.verdict("ok")
        #expect(result.status == .pass, "\(result)")
        #expect(result.service == "vm100")
        let (a, b) = try Self.scrapes("ok")
        let q1 = try #require(RemoteWriteQueue.queues(in: a).values.first), q2 = try #require(RemoteWriteQueue.queues(in: b).values.first)
        #expect(q2.samplesTotal > q1.samplesTotal)
        #expect(q2.highestSentTimestamp != nil)
    }

    @Test("receiver answers 401: failed advances, while bytes and the sent timestamp advance too")
    func rejected() throws {
        let result = try Self.verdict("401")
        #expect(result.status == .fail)
        #expect(result.cause == "the receiver rejects batches (failed advanced: 4xx such as 401/404)")
        let (a, b) = try Self.scrapes("401")
        let q1 = try #require(RemoteWriteQueue.queues(in: a).values.first), q2 = try #require(RemoteWriteQueue.queues(in: b).values.first)
        #expect(q2.bytes > q1.bytes)                                   // never trust bytes alone
        #expect(q2.highestSentTimestamp ?? 0 > q1.highestSentTimestamp ?? 0)  // nor the sent timestamp
    }

    @Test("receiver answers 503 or is down: retried advances, pending grows, nothing ever sent")
    func unreachable() throws {
        for mode in ["503", "down"] {
            let result = try Self.verdict(mode)
            #expect(result.status == .fail)
            #expect(result.cause == "the receiver is unreachable or answers 5xx/429 (retried advanced)", "\(mode)")
            let (_, b) = try Self.scrapes(mode)
            let q = try #require(RemoteWriteQueue.queues(in: b).values.first)
            #expect(q.highestSentTimestamp == nil)
            #expect(q.bytes == 0)
        }
    }

    @Test("Alloy's re-export: the component labels key the queue")
    func alloyLabels() throws {
        let samples = try PrometheusText.parse(try HealthFixture.text("doubles/alloy-metrics.prom"))
        let queues = RemoteWriteQueue.queues(in: samples)
        let key = try #require(queues.keys.first)
        #expect(queues.count == 1)
        #expect(key.component == "prometheus.remote_write.vm100")
        #expect(key.remoteName == "vm100")
        #expect(queues[key]?.highestTimestamp != nil)
        #expect(samples.contains { $0.name == "loki_write_sent_entries_total" && $0.labels["component_id"] == "loki.write.vm100" })
    }

    @Test("no sample sent inside the window: pass only with a small lag and fresh data at the receiver")
    func idleWindow() throws {
        let (_, b) = try Self.scrapes("ok")
        let q = try #require(RemoteWriteQueue.queues(in: b).values.first)
        #expect(RemoteWriteCheck.evaluate(before: q, after: q, window: 2, receiverFresh: true).status == .pass)
        #expect(RemoteWriteCheck.evaluate(before: q, after: q, window: 2, receiverFresh: false).status == .fail)
        #expect(RemoteWriteCheck.evaluate(before: q, after: q, window: 2, receiverFresh: nil).status == .fail)
        var lagging = q
        lagging.highestTimestamp = (q.highestSentTimestamp ?? 0) + 300
        lagging.samplesTotal += 10
        let late = RemoteWriteCheck.evaluate(before: q, after: lagging, window: 2)
        #expect(late.status == .fail)
        #expect(late.cause == "sending lags 300s behind (over 120s)")
    }

    @Test("a queue that disappears, and metrics without any queue, fail")
    func missingQueues() throws {
        let (a, _) = try Self.scrapes("ok")
        let vanished = RemoteWriteCheck.evaluate(before: a, after: [], window: 2)
        #expect(vanished.map(\.status) == [.fail])
        #expect(vanished.first?.cause == "the queue disappeared between the two scrapes")
        #expect(RemoteWriteCheck.evaluate(before: [], after: [], window: 2).first?.cause == "no prometheus_remote_storage_* queue in the metrics")
    }

    @Test("text exposition: labels with escapes, no labels, special values, garbage is an error with its line")
    func parsing() throws {
        let samples = try PrometheusText.parse("""
            # HELP x y
            a{b="c\\"d",e="f\\\\g"} 1.5 1700000000000
            plain 3
            nan NaN
            inf{} +Inf

            """)
        #expect(samples.count == 4)
        #expect(samples[0].labels == ["b": "c\"d", "e": "f\\g"])
        #expect(samples[0].value == 1.5)
        #expect(samples[1] == MetricSample(name: "plain", value: 3))
        #expect(samples[2].value.isNaN)
        #expect(samples[3].value == .infinity)
        #expect(throws: PrometheusText.ParseError.self) { try PrometheusText.parse("ok 1\nbroken{a=\"x} 1\n") }
    }
}
