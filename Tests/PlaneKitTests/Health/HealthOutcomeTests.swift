import Foundation
import Testing
@testable import PlaneKit

@Suite("Root causes, Alloy components, loki.write, credentials")
struct HealthOutcomeTests {
    @Test("Traefik down: its routes say blocked by traefik (skips), the root is reported once")
    func traefikDown() {
        let results: [HealthResult] = [
            .fail("traefik.ping", "traefik", "Traefik does not answer /ping"),
            .fail("traefik.route", "sonarr", "503: no available server"),
            .fail("traefik.route", "radarr", "503: no available server"),
            .fail("crowdsec.enforcement", nil, "control refused"),
            .pass("container", "sonarr", "running"),
            .fail("container", "radarr", "restarting"),
        ]
        let collapsed = RootCause.collapse(results, roots: RootCause.standard(protectedRouters: []))
        #expect(collapsed.filter { $0.status == .fail }.map(\.check) == ["traefik.ping", "container"])
        #expect(collapsed[1] == HealthResult(check: "traefik.route", service: "sonarr", status: .skip, cause: "blocked by traefik",
                                             evidence: ["see traefik.ping", "503: no available server"]))
        #expect(collapsed[3].cause == "blocked by traefik")
        #expect(collapsed[4] == results[4])
        #expect(RootCause.collapse(Array(results.dropFirst()), roots: RootCause.standard(protectedRouters: [])) == Array(results.dropFirst()))
    }

    @Test("the outpost down blocks only the protected routes")
    func outpostDown() {
        let results: [HealthResult] = [
            .fail("authentik.outpost", "authentik-outpost", "connection refused"),
            .fail("traefik.route", "sonarr", "500: the forward-auth server is unreachable"),
            .fail("traefik.route", "n8n-webhook", "502: the backend refused the connection"),
        ]
        let collapsed = RootCause.collapse(results, roots: RootCause.standard(protectedRouters: ["sonarr"]))
        #expect(collapsed.map(\.status) == [.fail, .skip, .fail])
        #expect(collapsed[1].cause == "blocked by authentik-outpost")
    }

    @Test("Alloy components (the double's /api/v0/web/components shape): healthy passes, unhealthy is named")
    func components() throws {
        let body = try HealthFixture.data("doubles/alloy-components.json")
        #expect(AlloyComponent.check(body).status == .pass)
        let unhealthy = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\"state\": \"healthy\", \"message\": \"started component\"",
                                                                                   with: "\"state\": \"unhealthy\", \"message\": \"bad url\"")
        let result = AlloyComponent.check(Data(unhealthy.utf8))
        #expect(result.status == .fail)
        #expect(result.evidence == ["prometheus.remote_write.vm100: unhealthy (bad url)", "loki.write.vm100: unhealthy (bad url)"])
        #expect(AlloyComponent.check(Data("{}".utf8)).status == .fail)
    }

    static func loki(sent: Double, retries: Double = 0, dropped: Double = 0, status: [String: Double] = [:]) -> [MetricSample] {
        let c = ["component_id": "loki.write.vm100", "component_path": "/"]
        var s = [MetricSample(name: "loki_write_sent_entries_total", labels: c, value: sent),
                 MetricSample(name: "loki_write_batch_retries_total", labels: c, value: retries),
                 MetricSample(name: "loki_write_dropped_entries_total", labels: c.merging(["reason": "ingester_error"]) { a, _ in a }, value: dropped)]
        for (code, n) in status {
            s.append(MetricSample(name: "loki_write_request_duration_seconds_count", labels: c.merging(["status_code": code]) { a, _ in a }, value: n))
        }
        return s
    }

    @Test("loki.write: sent advances -> pass; 401 drops -> fail naming the status; retries -> fail; idle needs Loki's word")
    func lokiWrite() {
        #expect(LokiWriteCheck.evaluate(before: Self.loki(sent: 1), after: Self.loki(sent: 3), window: 2).first?.status == .pass)
        let rejected = LokiWriteCheck.evaluate(before: Self.loki(sent: 1, status: ["204": 1]),
                                               after: Self.loki(sent: 1, dropped: 2, status: ["204": 1, "401": 2]), window: 2)
        #expect(rejected.first?.cause == "log entries are dropped (ingester_error)")
        #expect(rejected.first?.evidence.contains("HTTP 401 +2") == true)
        #expect(LokiWriteCheck.evaluate(before: Self.loki(sent: 1), after: Self.loki(sent: 1, retries: 4), window: 2).first?.status == .fail)
        #expect(LokiWriteCheck.evaluate(before: Self.loki(sent: 1), after: Self.loki(sent: 1), window: 2, receiverFresh: true).first?.status == .pass)
        #expect(LokiWriteCheck.evaluate(before: Self.loki(sent: 1), after: Self.loki(sent: 1), window: 2).first?.status == .fail)
    }

    @Test("credential files: cscli's YAML and user:password; printed only redacted")
    func credentialFiles() throws {
        let creds = try MachineCredentials.parse("url: http://127.0.0.1:8080\nlogin: plane-health\npassword: s3cr3t-value\n", file: "creds.yaml")
        #expect(creds.login == "plane-health")
        #expect(creds.password.value == "s3cr3t-value")
        #expect("\(creds)".contains("<redacted>") && !"\(creds)".contains("s3cr3t"))
        #expect(throws: MachineCredentials.Problem.missing("password")) { try MachineCredentials.parse("login: x\n", file: "c") }
        let basic = try #require(BasicCredential.parse("admin:pa:ss\n"))
        #expect(basic.user == "admin" && basic.password.value == "pa:ss")
        #expect(BasicCredential.parse("nocolon\n") == nil)
        #expect(BasicCredential.parse("a:b\nc:d\n") == nil)
    }
}
