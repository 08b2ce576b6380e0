import Foundation

/// The sender-side proof that a remote-write queue delivers, over two scrapes `window` apart
/// (health-facts.md §3.3-3.4, issue 10 item 6): failed, retried and dropped do not advance; pending
/// does not grow beyond one batch; the send lag (highest appended timestamp - highest sent timestamp)
/// stays under 2 minutes; and samples advance, or else the lag is small and the receiver has fresh data.
/// Rejected batches (401, 404, 429) still advance `bytes_total` and the sent timestamp: never trusted alone.
public enum RemoteWriteCheck {
    public static let check = "alloy.remote-write"
    public static let maxLag = 120.0
    /// A pending backlog up to one batch is a batch in flight: seen on a healthy Prometheus 2.42 agent
    /// (0 -> 240 between two scrapes). Used when the scrape has no `max_samples_per_send`
    /// (Alloy's default `max_samples_per_send` is 2000, Prometheus 2.42's 500).
    public static let defaultBatch = 500.0

    /// - Parameters:
    ///   - receiverFresh: whether the receiver has data of this host younger than the lag bound
    ///     (nil: no receiver configured).
    public static func evaluate(before: RemoteWriteQueue, after: RemoteWriteQueue, window: Double,
                                receiverFresh: Bool? = nil, service: String? = nil) -> HealthResult {
        let subject = service ?? (after.key.component.isEmpty ? after.key.remoteName : after.key.component)
        let sent = after.samplesTotal - before.samplesTotal
        let failed = after.failed - before.failed
        let retried = after.retried - before.retried
        let dropped = after.dropped - before.dropped
        var evidence = [
            "queue \(after.key)", "window \(format(window))s",
            "samples +\(format(sent))", "failed +\(format(failed))", "retried +\(format(retried))",
            "dropped +\(format(dropped))", "pending \(format(before.pending)) -> \(format(after.pending))",
        ]
        let lag: Double?
        if let appended = after.highestTimestamp, let sentAt = after.highestSentTimestamp {
            lag = max(0, appended - sentAt)
            evidence.append("lag \(format(lag ?? 0))s")
        } else {
            lag = nil
            evidence.append("nothing sent yet (no queue_highest_sent_timestamp_seconds)")
        }
        if failed > 0 {
            return .fail(check, subject, "the receiver rejects batches (failed advanced: 4xx such as 401/404)", evidence: evidence)
        }
        if retried > 0 {
            return .fail(check, subject, "the receiver is unreachable or answers 5xx/429 (retried advanced)", evidence: evidence)
        }
        if dropped > 0 {
            return .fail(check, subject, "samples are dropped (dropped advanced)", evidence: evidence)
        }
        let batch = after.maxSamplesPerSend ?? defaultBatch
        if after.pending > before.pending && after.pending > batch {
            return .fail(check, subject, "the backlog grows (pending above one batch of \(format(batch)))", evidence: evidence)
        }
        guard let lag else {
            return .fail(check, subject, "the queue has never delivered a batch", evidence: evidence)
        }
        if lag >= maxLag {
            return .fail(check, subject, "sending lags \(format(lag))s behind (over \(format(maxLag))s)", evidence: evidence)
        }
        if sent > 0 {
            return .pass(check, subject, "samples are sent and accepted", evidence: evidence)
        }
        switch receiverFresh {
        case true?: return .pass(check, subject, "no new samples in the window, but the lag is small and the receiver has fresh data", evidence: evidence)
        case false?: return .fail(check, subject, "no new samples in the window and no fresh data at the receiver", evidence: evidence)
        case nil: return .fail(check, subject, "no new samples in the window and no receiver configured to confirm delivery (x-plane.health.alloy.prometheus)", evidence: evidence)
        }
    }

    /// Every queue of two scrapes: one result per queue of the second scrape; a queue that vanished fails.
    public static func evaluate(before: [MetricSample], after: [MetricSample], window: Double,
                                receiverFresh: Bool? = nil) -> [HealthResult] {
        let first = RemoteWriteQueue.queues(in: before)
        let second = RemoteWriteQueue.queues(in: after)
        var results: [HealthResult] = []
        for key in second.keys.sorted() {
            let now = second[key]!
            results.append(evaluate(before: first[key] ?? RemoteWriteQueue(key: key), after: now, window: window, receiverFresh: receiverFresh))
        }
        for key in first.keys.sorted() where second[key] == nil {
            results.append(.fail(check, key.component.isEmpty ? key.remoteName : key.component,
                                 "the queue disappeared between the two scrapes", evidence: ["queue \(key)"]))
        }
        if results.isEmpty {
            results.append(.fail(check, nil, "no prometheus_remote_storage_* queue in the metrics", evidence: []))
        }
        return results
    }

    public static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.1f", value)
    }
}
