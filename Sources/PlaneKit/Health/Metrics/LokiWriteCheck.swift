/// The sender-side check of Alloy's `loki.write` components over two scrapes (health-facts.md §3.5):
/// sent counters grow only on success; 429/5xx/connection errors advance `batch_retries`; other 4xx drop
/// entries at once (`dropped_entries{reason}`); `request_duration_seconds_count{status_code}` names the
/// status the endpoint answered (401: credentials).
public enum LokiWriteCheck {
    public static let check = "alloy.loki-write"

    struct Counters {
        var sent = 0.0, retries = 0.0, dropped = 0.0
        var byStatus: [String: Double] = [:]
        var droppedReasons: [String: Double] = [:]
    }

    static func counters(_ samples: [MetricSample]) -> [String: Counters] {
        var out: [String: Counters] = [:]
        for s in samples where s.name.hasPrefix("loki_write_") {
            let component = s.labels["component_id"] ?? ""
            var c = out[component] ?? Counters()
            switch s.name {
            case "loki_write_sent_entries_total": c.sent += s.value
            case "loki_write_batch_retries_total": c.retries += s.value
            case "loki_write_dropped_entries_total":
                c.dropped += s.value
                c.droppedReasons[s.labels["reason"] ?? "", default: 0] += s.value
            case "loki_write_request_duration_seconds_count": c.byStatus[s.labels["status_code"] ?? "", default: 0] += s.value
            default: break
            }
            out[component] = c
        }
        return out
    }

    public static func evaluate(before: [MetricSample], after: [MetricSample], window: Double,
                                receiverFresh: Bool? = nil) -> [HealthResult] {
        let first = counters(before)
        let second = counters(after)
        return second.keys.sorted().map { component in
            let a = first[component] ?? Counters(), b = second[component]!
            let subject = component.isEmpty ? "loki.write" : component
            let statuses = b.byStatus.keys.sorted().compactMap { code -> String? in
                let delta = b.byStatus[code]! - (a.byStatus[code] ?? 0)
                return delta > 0 ? "HTTP \(code.isEmpty ? "error" : code) +\(RemoteWriteCheck.format(delta))" : nil
            }
            let evidence = ["window \(RemoteWriteCheck.format(window))s", "sent +\(RemoteWriteCheck.format(b.sent - a.sent))",
                            "retries +\(RemoteWriteCheck.format(b.retries - a.retries))",
                            "dropped +\(RemoteWriteCheck.format(b.dropped - a.dropped))"] + statuses
            if b.dropped > a.dropped {
                let reasons = b.droppedReasons.filter { $0.value > (a.droppedReasons[$0.key] ?? 0) }.keys.sorted()
                return .fail(check, subject, "log entries are dropped (\(reasons.joined(separator: ", ")))", evidence: evidence)
            }
            if b.retries > a.retries {
                return .fail(check, subject, "Loki is unreachable or answers 5xx/429 (batch retries advanced)", evidence: evidence)
            }
            if b.sent > a.sent { return .pass(check, subject, "log entries are sent and accepted", evidence: evidence) }
            if receiverFresh == true {
                return .pass(check, subject, "nothing sent in the window, but Loki has recent lines for this host", evidence: evidence)
            }
            return .fail(check, subject, receiverFresh == false ? "nothing sent in the window and nothing recent in Loki"
                         : "nothing sent in the window and no Loki configured to confirm (x-plane.health.alloy.loki)", evidence: evidence)
        }
    }
}
