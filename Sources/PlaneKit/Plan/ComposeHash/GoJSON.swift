/// The bytes Go's `encoding/json` (`json.Marshal`, Go 1.22+) writes for scalars and map keys:
/// what docker compose hashes, so every rule here is one compose's hash depends on.
enum GoJSON {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string as `json.Marshal` writes it: HTML-safe (`<`, `>`, `&` as `\u003c`...),
    /// `\b \f \n \r \t` short, other control bytes `\u00xx` (lowercase hex), U+2028/U+2029
    /// escaped, DEL and every other character raw UTF-8.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let scalars = s.unicodeScalars
        for scalar in scalars {
            switch scalar.value {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20, 0x3C, 0x3E, 0x26:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(scalar.value >> 4)])
                out.append(hexDigits[Int(scalar.value & 0xF)])
            case 0x2028, 0x2029:
                out.append(contentsOf: Array("\\u202".utf8))
                out.append(hexDigits[Int(scalar.value & 0xF)])
            default:
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Go sorts map keys with `strings.Compare`: byte order of the UTF-8 text.
    static func sortedKeys(_ keys: [String]) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A float as `json.Marshal` writes a float32 (`bits: 32`) or float64: the shortest digits that
    /// read back to the same value, plain decimal when 1e-6 <= |x| < 1e21, else `1e-7` / `1e+21`.
    static func float(_ value: Double, bits: Int) -> String {
        guard value.isFinite else { return "null" }   // json.Marshal refuses these; compose never has them
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let shortest = bits == 32 ? "\(Float(value))" : "\(value)"
        let (digits, exponent) = decimalParts(shortest)
        let negative = shortest.hasPrefix("-")
        let magnitude = abs(bits == 32 ? Double(Float(value)) : value)
        var text = ""
        if magnitude < 1e-6 || magnitude >= 1e21 {
            // d.ddd e±XX, Go's 'e' format, then encoding/json's "e-07" -> "e-7".
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            let power = exponent - 1
            var expText = String(abs(power))
            if expText.count < 2 { expText = "0" + expText }
            if power < 0, expText.hasPrefix("0") { expText.removeFirst() }
            text = mantissa + "e" + (power < 0 ? "-" : "+") + expText
        } else if exponent <= 0 {
            text = "0." + String(repeating: "0", count: -exponent) + digits
        } else if exponent >= digits.count {
            text = digits + String(repeating: "0", count: exponent - digits.count)
        } else {
            let cut = digits.index(digits.startIndex, offsetBy: exponent)
            text = String(digits[..<cut]) + "." + String(digits[cut...])
        }
        return negative ? "-" + text : text
    }

    /// "1.25e-07" / "0.33333334" / "120.0" -> significant digits "125" and the exponent e such
    /// that the value is 0.<digits> x 10^e.
    private static func decimalParts(_ text: String) -> (String, Int) {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(String(body[body.index(after: e)...].filter { $0 != "+" })) ?? 0
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = integer + fraction
        var point = integer.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, point)
    }
}
