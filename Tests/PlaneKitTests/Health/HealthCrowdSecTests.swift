import Foundation
import Testing
@testable import PlaneKit

/// The LAPI's answers along plane's ban lifecycle, captured from the real CrowdSec 1.4.6 LAPI
/// (scripts/health-capture-fixtures.sh; first line of each file: the status).
@Suite("CrowdSec LAPI answers and the enforcement verdict")
struct HealthCrowdSecTests {
    static func answer(_ name: String) throws -> (Int, Data) {
        let raw = try HealthFixture.data("crowdsec/\(name).txt")
        let newline = try #require(raw.firstIndex(of: UInt8(ascii: "\n")))
        return (Int(String(decoding: raw[..<newline], as: UTF8.self)) ?? 0, Data(raw[raw.index(after: newline)...]))
    }

    @Test("decisions: null is none, an array is plane's ban (origin and scenario kept), a wrong key is 403")
    func decisions() throws {
        let (s0, b0) = try Self.answer("decisions-none")
        #expect(CrowdSecDecision.decode(status: s0, body: b0) == .decisions([]))
        let (s1, b1) = try Self.answer("decisions-ban")
        guard case .decisions(let list) = CrowdSecDecision.decode(status: s1, body: b1) else { Issue.record("expected decisions"); return }
        #expect(list.count == 1)
        #expect(list[0].origin == CrowdSecProbe.origin && list[0].scenario == CrowdSecProbe.scenario)
        #expect(list[0].type == "ban" && list[0].value == "203.0.113.11" && list[0].scope == "Ip")
        #expect(CrowdSecProbe.leftovers(list) == ["203.0.113.11"])
        let (s2, b2) = try Self.answer("decisions-bad-key")
        #expect(CrowdSecDecision.decode(status: s2, body: b2) == .forbidden(message: "access forbidden"))
        let (s3, b3) = try Self.answer("decisions-after-delete")
        #expect(CrowdSecDecision.decode(status: s3, body: b3) == .decisions([]))
        let foreign = CrowdSecDecision(id: 2, origin: "crowdsec", scenario: "crowdsecurity/http-probing", scope: "Ip", type: "ban",
                                       value: "198.51.100.9", duration: "3h")
        #expect(CrowdSecProbe.leftovers([foreign]).isEmpty)
    }

    @Test("login: a token from a 200, nothing from the 401 a missing User-Agent gets; the token prints redacted")
    func login() throws {
        let (s1, b1) = try Self.answer("login")
        let token = try #require(CrowdSecProbe.token(status: s1, body: b1))
        #expect(token.value == "<JWT>")
        #expect("\(token)" == "<redacted>")
        let (s2, b2) = try Self.answer("login-without-user-agent")
        #expect(s2 == 401)
        #expect(CrowdSecProbe.token(status: s2, body: b2) == nil)
        let (s3, b3) = try Self.answer("decisions-delete-with-bouncer-key")
        #expect(s3 == 401 && String(decoding: b3, as: UTF8.self).contains("cookie token is empty"))
    }

    @Test("the alert body is the shape the real LAPI accepted (201) in the capture")
    func alertBody() throws {
        let body = CrowdSecProbe.alertBody(ip: "203.0.113.11", now: Date(timeIntervalSince1970: 1_796_000_000))
        let alerts = try #require(try JSONSerialization.jsonObject(with: body) as? [[String: Any]])
        let alert = try #require(alerts.first)
        let decision = try #require((alert["decisions"] as? [[String: Any]])?.first)
        #expect(decision["duration"] as? String == "2m")
        #expect(decision["type"] as? String == "ban" && decision["value"] as? String == "203.0.113.11")
        #expect(decision["origin"] as? String == "plane")
        #expect((alert["source"] as? [String: Any])?["ip"] as? String == "203.0.113.11")
        #expect(alert["start_at"] as? String == "2026-11-30T00:53:20Z")
        let (status, answer) = try Self.answer("alerts-post")
        #expect(status == 201 && String(decoding: answer, as: UTF8.self) == "[\"1\"]")
        let login = CrowdSecProbe.loginBody(try MachineCredentials.parse("login: m\npassword: p\n", file: "c"))
        #expect(String(decoding: login, as: UTF8.self) == #"{"machine_id":"m","password":"p","scenarios":[]}"#)
    }

    @Test("enforcement: pass only when control passes, the ban refuses, the delete releases; each failure named")
    func enforcement() {
        let ok = EnforcementCheck.evaluate(router: "public@file", control: .app(status: 200), banned: .forbidden, released: .app(status: 200), timeout: 75)
        #expect(ok.status == .pass)
        let closed = EnforcementCheck.evaluate(router: "r", control: .forbidden, banned: .forbidden, released: .forbidden, timeout: 75)
        #expect(closed.cause.hasPrefix("the bouncer fails closed"))
        let open = EnforcementCheck.evaluate(router: "r", control: .app(status: 200), banned: .app(status: 200), released: nil, timeout: 75)
        #expect(open.cause == "a banned address is not refused within 75s: the bouncer does not enforce decisions")
        let stuck = EnforcementCheck.evaluate(router: "r", control: .authRedirect(location: "x"), banned: .forbidden, released: .forbidden, timeout: 75)
        #expect(stuck.cause == "the address is still refused 75s after its ban was deleted")
        let route = EnforcementCheck.evaluate(router: "r", control: .noServer, banned: nil, released: nil, timeout: 75)
        #expect(route.cause == "the probe route itself fails, enforcement cannot be tested")
        #expect(EnforcementCheck.evaluate(router: "r", control: .app(status: 200), banned: nil, released: nil, timeout: 75).status == .fail)
    }
}
