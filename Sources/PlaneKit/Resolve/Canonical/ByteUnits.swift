/// Compose byte sizes (`512m`, `1g`, `64M`, `1024`): units are powers of 1024, case-insensitive,
/// with an optional `b`; printed back as a plain count of bytes.
enum ByteUnits {
    static func parse(_ text: String) -> Int64? {
        let lower = text.lowercased().trimmingSpaces()
        var digits = ""
        var rest = Substring(lower)
        while let c = rest.first, c.isNumber || c == "." { digits.append(c); rest = rest.dropFirst() }
        guard let value = Double(digits) else { return nil }
        let unit = rest.trimmingCharacters(in: " ")
        let multiplier: Double
        switch unit {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1024
        case "m", "mb", "mib": multiplier = 1024 * 1024
        case "g", "gb", "gib": multiplier = 1024 * 1024 * 1024
        case "t", "tb", "tib": multiplier = 1024 * 1024 * 1024 * 1024
        case "p", "pb", "pib": multiplier = 1024 * 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        if let whole = Int64(digits) {
            let (count, overflow) = whole.multipliedReportingOverflow(by: Int64(multiplier))
            return overflow ? nil : count
        }
        // Above Int64 a size cannot reach the engine (compose wraps it to a negative number).
        let count = (value * multiplier).rounded(.towardZero)
        guard count.isFinite, count < 9.223372036854775807e18 else { return nil }
        return Int64(count)
    }
}
