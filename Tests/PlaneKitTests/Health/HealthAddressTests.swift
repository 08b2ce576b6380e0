import Foundation
import Testing
@testable import HealthProbe
@testable import PlaneKit

/// The two small parsers/formatters `plane health` uses instead of Foundation's (whose ICU pages cost
/// peak RSS): the authority of an `x-plane.health` URL and the UTC stamp of plane's CrowdSec alert.
@Suite("Health addresses and time stamps")
struct HealthAddressTests {
    @Test("host and port of the configured URLs: names, IPv4, bracketed IPv6, default and explicit ports")
    func authority() {
        #expect(HealthHTTP.authority(of: "http://127.0.0.1:8080")! == ("127.0.0.1", 8080))
        #expect(HealthHTTP.authority(of: "https://traefik.lan/api")! == ("traefik.lan", nil))
        #expect(HealthHTTP.authority(of: "http://[::1]:9090/prom?x=1")! == ("::1", 9090))
        #expect(HealthHTTP.authority(of: "http://[2001:db8::2]")! == ("2001:db8::2", nil))
        #expect(HealthHTTP.authority(of: "http://192.0.2.1:80#frag")! == ("192.0.2.1", 80))
    }

    @Test("no host, user info, a bad port or an open bracket: not an address")
    func refused() {
        for text in ["http://", "http:///path", "http://u:p@host:80", "http://host:port", "http://host:0", "http://host:70000",
                     "http://[::1", "http://[::1]x", "127.0.0.1:8080", "http://:80"] {
            #expect(HealthHTTP.authority(of: text) == nil, "\(text)")
        }
    }

    @Test("UTC stamps: RFC 3339 to the second, zero-padded, fractions dropped, the epoch and a leap day")
    func stamps() {
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 1_796_000_000)) == "2026-11-30T00:53:20Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 951_782_399.75)) == "2000-02-28T23:59:59Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 951_868_800)) == "2000-03-01T00:00:00Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 951_782_400 + 3_723)) == "2000-02-29T01:02:03Z")
    }
}
