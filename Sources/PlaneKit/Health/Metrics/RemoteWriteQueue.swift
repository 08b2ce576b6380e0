/// One remote-write queue's counters in one scrape: Prometheus 2.42's `prometheus_remote_storage_*`
/// families (labels `remote_name`, `url`), which Alloy's `prometheus.remote_write` exports with
/// `component_id`/`component_path` added (health-facts.md §3.2, §3.5).
public struct RemoteWriteQueue: Sendable, Equatable {
    public struct Key: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// Alloy's `component_id` (`prometheus.remote_write.vm100`); empty for a plain Prometheus agent.
        public var component: String
        public var remoteName: String
        public var url: String

        public static func < (a: Key, b: Key) -> Bool { (a.component, a.remoteName, a.url) < (b.component, b.remoteName, b.url) }
        public var description: String {
            (component.isEmpty ? "" : component + " ") + "\(remoteName) -> \(url)"
        }
    }

    public var key: Key
    /// Samples handed to the queue's shards (counts attempts: it grows even when nothing is delivered).
    public var samplesTotal: Double = 0
    public var failed: Double = 0
    public var retried: Double = 0
    public var dropped: Double = 0
    public var pending: Double = 0
    public var bytes: Double = 0
    /// Absent until a send of this queue returned (refused connections, 5xx: absent).
    public var highestSentTimestamp: Double?
    /// `prometheus_remote_storage_highest_timestamp_in_seconds` (no queue labels; per component in Alloy).
    public var highestTimestamp: Double?
    public var maxSamplesPerSend: Double?

    /// The queues found in a scrape, keyed by component, remote name and URL.
    public static func queues(in samples: [MetricSample]) -> [Key: RemoteWriteQueue] {
        var queues: [Key: RemoteWriteQueue] = [:]
        var highest: [String: Double] = [:]
        let prefix = "prometheus_remote_storage_"
        for sample in samples where sample.name.hasPrefix(prefix) {
            let component = sample.labels["component_id"] ?? ""
            let family = String(sample.name.dropFirst(prefix.count))
            if family == "highest_timestamp_in_seconds" {
                highest[component] = sample.value
                continue
            }
            guard let remote = sample.labels["remote_name"], let url = sample.labels["url"] else { continue }
            let key = Key(component: component, remoteName: remote, url: url)
            var queue = queues[key] ?? RemoteWriteQueue(key: key)
            switch family {
            case "samples_total": queue.samplesTotal = sample.value
            case "samples_failed_total": queue.failed = sample.value
            case "samples_retried_total": queue.retried = sample.value
            case "samples_dropped_total": queue.dropped = sample.value
            case "samples_pending": queue.pending = sample.value
            case "bytes_total": queue.bytes = sample.value
            case "queue_highest_sent_timestamp_seconds": queue.highestSentTimestamp = sample.value
            case "max_samples_per_send": queue.maxSamplesPerSend = sample.value
            default: break
            }
            queues[key] = queue
        }
        for key in queues.keys { queues[key]?.highestTimestamp = highest[key.component] }
        return queues
    }
}
