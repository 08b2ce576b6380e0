/// Small text layout helpers of the command output.
extension String {
    /// Seconds with one decimal, right-aligned ("  3.4s").
    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let text = "\(tenths / 10).\(tenths % 10)s"
        return Swift.String(repeating: " ", count: Swift.max(0, 6 - text.count)) + text
    }

    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }

    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
