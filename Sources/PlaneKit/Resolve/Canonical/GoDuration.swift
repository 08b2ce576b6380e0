/// Compose durations (`1m30s`, `500ms`, `1h`): parsed like Go's time.ParseDuration and printed
/// like Go's Duration.String, which is how compose prints them back.
enum GoDuration {
    static func parseNanoseconds(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if s == "0" { return 0 }
        guard !s.isEmpty else { return nil }
        var total: Double = 0
        while !s.isEmpty {
            var number = ""
            while let c = s.first, c.isNumber || c == "." { number.append(c); s = s.dropFirst() }
            guard let value = Double(number) else { return nil }
            var unit = ""
            while let c = s.first, !(c.isNumber || c == ".") { unit.append(c); s = s.dropFirst() }
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            total += value * scale
            guard total.isFinite else { return nil }
        }
        // Go's ParseDuration refuses what overflows int64 nanoseconds (about 2562047h).
        let rounded = total.rounded()
        guard rounded.isFinite, rounded < 9.223372036854775807e18 else { return nil }
        return negative ? -Int64(rounded) : Int64(rounded)
    }

    static func format(nanoseconds ns: Int64) -> String {
        if ns == 0 { return "0s" }
        var u = UInt64(ns.magnitude)
        let sign = ns < 0 ? "-" : ""
        if u < 1_000_000_000 {
            if u < 1_000 { return sign + "\(u)ns" }
            if u < 1_000_000 { return sign + fraction(u, 1_000) + "µs" }
            return sign + fraction(u, 1_000_000) + "ms"
        }
        let hours = u / 3_600_000_000_000
        u %= 3_600_000_000_000
        let minutes = u / 60_000_000_000
        u %= 60_000_000_000
        let seconds = fraction(u, 1_000_000_000) + "s"
        if hours > 0 { return sign + "\(hours)h\(minutes)m" + seconds }
        if minutes > 0 { return sign + "\(minutes)m" + seconds }
        return sign + seconds
    }

    private static func fraction(_ value: UInt64, _ unit: UInt64) -> String {
        let whole = value / unit
        var rest = value % unit
        guard rest > 0 else { return "\(whole)" }
        var digits = ""
        var scale = unit / 10
        while rest > 0 && scale > 0 {
            digits += "\(rest / scale)"
            rest %= scale
            scale /= 10
        }
        return "\(whole)." + digits
    }
}
