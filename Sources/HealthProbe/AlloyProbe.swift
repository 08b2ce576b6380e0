import Foundation
import PlaneKit

/// Alloy's export (issue 10 item 6): ready, components healthy, and over two scrapes of `/metrics`
/// `window` apart, each `prometheus.remote_write` queue and `loki.write` component delivers; with
/// receivers configured, the freshest data of this host (the selector) is there.
struct AlloyProbe: Sendable {
    let configuration: HealthConfiguration.Alloy
    let deadline: ContinuousClock.Instant

    func run() async -> [HealthResult] {
        let alloy: HealthHTTP
        do { alloy = try HealthHTTP(base: configuration.url) } catch { return [.fail("alloy.ready", nil, describe(error))] }
        var results: [HealthResult] = []
        do {
            let ready = try await alloy.get("/-/ready", limit: Deadline.limit(deadline, at: 5))
            guard ready.status == 200 else {
                return [.fail("alloy.ready", nil, "Alloy is not ready (\(ready.status))", evidence: [String(ready.text.prefix(160))])]
            }
            results.append(.pass("alloy.ready", nil, "Alloy is ready"))
            let components = try await alloy.get("/api/v0/web/components", limit: Deadline.limit(deadline, at: 5))
            results.append(components.status == 200 ? AlloyComponent.check(components.body)
                           : .fail("alloy.components", nil, "Alloy's component list answered \(components.status)"))
        } catch {
            return [.fail("alloy.ready", nil, "Alloy does not answer: \(describe(error))", evidence: [configuration.url])]
        }
        // The receivers are asked while the window runs.
        async let prometheus = prometheusFreshness()
        async let loki = lokiFreshness()
        let before: [MetricSample], after: [MetricSample]
        do {
            before = try await scrape(alloy)
            try await Task.sleep(for: .milliseconds(Int(configuration.window * 1000)))
            after = try await scrape(alloy)
        } catch {
            let (p, l) = await (prometheus, loki)
            return results + [.fail(RemoteWriteCheck.check, nil, "Alloy's metrics could not be scraped twice: \(describe(error))")] + [p?.result, l?.result].compactMap { $0 }
        }
        let (p, l) = await (prometheus, loki)
        if before.contains(where: { $0.name.hasPrefix("prometheus_remote_storage_") }) || after.contains(where: { $0.name.hasPrefix("prometheus_remote_storage_") }) {
            results += RemoteWriteCheck.evaluate(before: before, after: after, window: configuration.window, receiverFresh: p?.fresh)
        }
        if after.contains(where: { $0.name.hasPrefix("loki_write_") }) {
            results += LokiWriteCheck.evaluate(before: before, after: after, window: configuration.window, receiverFresh: l?.fresh)
        }
        if let p { results.append(p.result) }
        if let l { results.append(l.result) }
        return results
    }

    func scrape(_ alloy: HealthHTTP) async throws -> [MetricSample] {
        let answer = try await alloy.get("/metrics", limit: Deadline.limit(deadline, at: 10))
        guard answer.status == 200 else { throw HealthFiles.Problem(description: "/metrics answered \(answer.status)") }
        do { return try PrometheusText.parse(answer.text) } catch { throw HealthFiles.Problem(description: "/metrics \(error)") }
    }

    /// `time() - max(timestamp(<selector>))` at the receiver: the age of this host's freshest sample.
    func prometheusFreshness() async -> (fresh: Bool, result: HealthResult)? {
        guard let url = configuration.prometheus else { return nil }
        let check = "alloy.receiver.prometheus"
        do {
            let http = try HealthHTTP(base: url)
            // timestamp() drops the metric name: without the copy in a label, series of the same labels
            // collide ("vector cannot contain metrics with the same labelset", Prometheus 2.42).
            let query = "time() - max(timestamp(label_replace(\(configuration.selector), \"plane_name\", \"$1\", \"__name__\", \"(.+)\")))"
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let answer = try await http.get("/api/v1/query?query=\(encoded)", limit: Deadline.limit(deadline, at: 10))
            struct Body: Decodable {
                struct Data: Decodable { struct Item: Decodable { var value: [JSONScalar] }; var result: [Item] }
                var status: String
                var data: Data?
            }
            guard answer.status == 200, let body = try? JSONDecoder().decode(Body.self, from: answer.body), body.status == "success" else {
                let result = HealthResult.fail(check, nil, "the receiver's query API answered \(answer.status)", evidence: ["GET \(url)/api/v1/query", String(answer.text.prefix(160))])
                return (false, result)
            }
            guard let item = body.data?.result.first, item.value.count == 2, let age = Double(item.value[1].text) else {
                return (false, .fail(check, nil, "the receiver has no sample matching \(configuration.selector): data is sent but never arrives (or is stored under other labels)",
                                     evidence: ["query \(query)"]))
            }
            let evidence = ["freshest sample \(RemoteWriteCheck.format(age))s old", "selector \(configuration.selector)"]
            if age < RemoteWriteCheck.maxLag {
                return (true, .pass(check, nil, "this host's data arrives at the receiver", evidence: evidence))
            }
            return (false, .fail(check, nil, "this host's freshest sample at the receiver is \(RemoteWriteCheck.format(age))s old", evidence: evidence))
        } catch {
            return (false, .fail(check, nil, "the receiver does not answer: \(describe(error))", evidence: [url]))
        }
    }

    /// Loki's `query_range` over the last 5 minutes, newest line first: recent lines for this host.
    func lokiFreshness() async -> (fresh: Bool, result: HealthResult)? {
        guard let url = configuration.loki else { return nil }
        let check = "alloy.receiver.loki"
        do {
            let http = try HealthHTTP(base: url)
            let now = Date().timeIntervalSince1970
            let start = Int64((now - 300) * 1e9), end = Int64((now + 5) * 1e9)
            let encoded = configuration.selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let answer = try await http.get("/loki/api/v1/query_range?query=\(encoded)&start=\(start)&end=\(end)&limit=1&direction=backward",
                                            limit: Deadline.limit(deadline, at: 10))
            struct Body: Decodable {
                struct Data: Decodable { struct Stream: Decodable { var values: [[String]]? }; var result: [Stream]? }
                var status: String?
                var data: Data?
            }
            guard answer.status == 200, let body = try? JSONDecoder().decode(Body.self, from: answer.body) else {
                return (false, .fail(check, nil, "Loki's query API answered \(answer.status)", evidence: [String(answer.text.prefix(160))]))
            }
            let newest = (body.data?.result ?? []).compactMap { $0.values?.first?.first }.compactMap { Double($0) }.max()
            guard let newest else {
                return (false, .fail(check, nil, "Loki has no line matching \(configuration.selector) in the last 5 minutes",
                                     evidence: ["query_range \(configuration.selector) since now-5m"]))
            }
            let age = max(0, now - newest / 1e9)
            let evidence = ["newest line \(RemoteWriteCheck.format(age.rounded()))s old", "selector \(configuration.selector)"]
            return age < RemoteWriteCheck.maxLag ? (true, .pass(check, nil, "this host's log lines arrive in Loki", evidence: evidence))
                : (false, .fail(check, nil, "this host's newest line in Loki is \(RemoteWriteCheck.format(age.rounded()))s old", evidence: evidence))
        } catch {
            return (false, .fail(check, nil, "Loki does not answer: \(describe(error))", evidence: [url]))
        }
    }
}

/// A JSON string or number (Prometheus sends `[1700000000.123, "4.2"]`).
struct JSONScalar: Decodable {
    var text: String
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { text = s } else { text = String(try c.decode(Double.self)) }
    }
}
