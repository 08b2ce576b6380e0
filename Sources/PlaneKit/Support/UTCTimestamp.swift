#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `2026-12-02T08:40:00Z`: a date in UTC to the second, as RFC 3339 writes it, without Foundation's
/// formatters. `ISO8601DateFormatter` and even `Date.ISO8601FormatStyle` (through `Calendar` and
/// `TimeZone`) load ICU, whose data and code were about 3 MiB of `plane health`'s peak RSS.
public enum UTCTimestamp {
    public static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(parts.tm_year + 1900)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
