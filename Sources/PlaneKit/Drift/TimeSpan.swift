/// A span of time as systemd and people write it: `15min`, `1h30min`, `90s`, `2d`, `1w` (systemd's
/// units; a bare number is seconds). Used by `plane timer install --interval` and `plane drift --max-age`.
public struct TimeSpan: Sendable, Equatable, CustomStringConvertible {
    public var seconds: Int
    /// As it was written (systemd reads the same text).
    public var text: String

    static let units: [(names: [String], seconds: Int)] = [
        (["w", "week", "weeks"], 604_800), (["d", "day", "days"], 86_400), (["h", "hr", "hour", "hours"], 3_600),
        (["m", "min", "minute", "minutes"], 60), (["s", "sec", "second", "seconds"], 1),
    ]

    /// nil when the text is not a positive span.
    public init?(_ text: String) {
        var total = 0
        var rest = Substring(text.filter { $0 != " " })
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int(digits), value < 1_000_000_000 else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            if unit.isEmpty {
                guard rest.isEmpty else { return nil }
                total += value
            } else {
                guard let match = Self.units.first(where: { $0.names.contains(String(unit)) }) else { return nil }
                total += value * match.seconds
            }
        }
        guard total > 0 else { return nil }
        seconds = total
        self.text = text
    }

    public var description: String { text }

    /// "3h 12min", "45s": an age for people.
    public static func describe(seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return "\(seconds / 60)min" + (seconds % 60 == 0 ? "" : " \(seconds % 60)s") }
        if seconds < 86_400 { return "\(seconds / 3_600)h" + (seconds % 3_600 / 60 == 0 ? "" : " \(seconds % 3_600 / 60)min") }
        return "\(seconds / 86_400)d" + (seconds % 86_400 / 3_600 == 0 ? "" : " \(seconds % 86_400 / 3_600)h")
    }
}
