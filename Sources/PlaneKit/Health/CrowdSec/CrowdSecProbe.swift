import Foundation

/// The LAPI side of plane's enforcement check (issue 10 item 5, health-facts.md §2.3, §2.8): a short
/// ban of a TEST-NET address through the machine (watcher) API, marked so that a ban left by a killed
/// run is recognised and removed by the next one.
public enum CrowdSecProbe {
    /// Marks plane's alerts and decisions (`origin` and `scenario` as the LAPI stores and returns them).
    public static let origin = "plane"
    public static let scenario = "plane/health-probe"
    /// Short, so that a crash leaves nothing lasting.
    public static let banDuration = "2m"
    /// CrowdSec 1.4.6 answers a watcher login without a User-Agent, or with one not shaped
    /// `name/version`, with 401 `incorrect Username or Password` (captured:
    /// Resources/Health/crowdsec/login-without-user-agent.txt; 1.4.6 logs `bad user agent`).
    public static let userAgent = "plane-health/1"

    /// `POST /v1/watchers/login` body. Holds the password: send it, never log it.
    public static func loginBody(_ credentials: MachineCredentials) -> Data {
        struct Login: Encodable {
            var machine_id: String
            var password: String
            var scenarios: [String] = []
        }
        return encode(Login(machine_id: credentials.login, password: credentials.password.value))
    }

    /// Bodies are written by `JSONEncoder` with sorted keys: `JSONSerialization`'s `.sortedKeys` makes a
    /// `Locale` and so loads ICU (1.9 MiB of `plane health`'s peak RSS, docs/PERFORMANCE.md).
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data()
    }

    /// The token of a login answer (200 `{"code":200,"expire":...,"token":...}`).
    public static func token(status: Int, body: Data) -> HealthSecret? {
        struct Login: Decodable { var token: String? }
        guard status == 200, let token = (try? JSONDecoder().decode(Login.self, from: body))?.token, !token.isEmpty else { return nil }
        return HealthSecret(token)
    }

    /// `POST /v1/alerts` body (Bearer JWT): one alert with one ban of `ip` for `banDuration`; the LAPI
    /// answers 201 `["<alert id>"]` and a live bouncer sees the ban at once.
    public static func alertBody(ip: String, now: Date) -> Data {
        let stamp = UTCTimestamp.string(now)
        struct Source: Encodable { var scope = "Ip", value: String, ip: String }
        struct Decision: Encodable { var duration, origin, scenario: String; var scope = "Ip", type = "ban"; var value: String }
        struct Event: Encodable {}
        struct Alert: Encodable {
            var scenario: String, scenario_hash = "", scenario_version = "", message = "plane health probe"
            var events_count = 1, start_at: String, stop_at: String, capacity = 0, leakspeed = "0", simulated = false
            var events: [Event] = []
            var source: Source
            var decisions: [Decision]
        }
        return encode([Alert(scenario: scenario, start_at: stamp, stop_at: stamp, source: Source(value: ip, ip: ip),
                             decisions: [Decision(duration: banDuration, origin: origin, scenario: scenario, value: ip)])])
    }

    /// The path that removes plane's ban of `ip` (with the machine JWT; a bouncer key gets 401).
    public static func deletePath(ip: String) -> String { "/v1/decisions?ip=\(ip)" }

    /// Addresses holding a decision of plane's (left by a run that was killed before removing it).
    public static func leftovers(_ decisions: [CrowdSecDecision]) -> [String] {
        var seen: [String] = []
        for d in decisions where d.origin == origin || d.scenario == scenario {
            if !seen.contains(d.value) { seen.append(d.value) }
        }
        return seen
    }
}

/// The verdict of the end-to-end enforcement probe through the entrypoint: the control address must
/// pass, the banned one must get 403 within the propagation timeout, and pass again once the ban is
/// deleted. A control refused means the bouncer fails closed: never "enforced".
public enum EnforcementCheck {
    public static let check = "crowdsec.enforcement"

    /// - Parameters:
    ///   - control: the answer for the control address before the ban.
    ///   - banned: the last answer for the banned address while the ban was on (nil: the ban could not be added).
    ///   - released: the last answer for the banned address after the delete (nil: not reached).
    public static func evaluate(router: String, control: ProxyAnswer, banned: ProxyAnswer?, released: ProxyAnswer?,
                                timeout: Double) -> HealthResult {
        let seconds = RemoteWriteCheck.format(timeout)
        var evidence = ["probe router \(router)", "control: \(control.meaning)"]
        if control == .forbidden {
            return .fail(check, nil, "the bouncer fails closed: a clean TEST-NET address is refused (bad bouncer key or LAPI unreachable)",
                         evidence: evidence)
        }
        if case .app(let status) = control, status >= 500 {
            return .fail(check, nil, "the probe route itself fails, enforcement cannot be tested", evidence: evidence)
        }
        if [.noRouter, .authServerDown, .badGateway, .noServer, .gatewayTimeout].contains(control) {
            return .fail(check, nil, "the probe route itself fails, enforcement cannot be tested", evidence: evidence)
        }
        guard let banned else { return .fail(check, nil, "the test ban could not be added to the LAPI", evidence: evidence) }
        evidence.append("banned: \(banned.meaning)")
        if banned != .forbidden {
            return .fail(check, nil, "a banned address is not refused within \(seconds)s: the bouncer does not enforce decisions",
                         evidence: evidence)
        }
        guard let released else { return .fail(check, nil, "the test ban could not be removed", evidence: evidence) }
        evidence.append("after delete: \(released.meaning)")
        if released == .forbidden {
            return .fail(check, nil, "the address is still refused \(seconds)s after its ban was deleted", evidence: evidence)
        }
        return .pass(check, nil, "a ban is enforced through the entrypoint and lifted again", evidence: evidence)
    }
}
