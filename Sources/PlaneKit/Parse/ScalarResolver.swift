/// Plain-scalar typing of compose's YAML library (YAML 1.2 core schema plus Go's integer syntax):
/// `yes`/`on` stay strings, `0o17`/`017`/`0x1F`/`0b101`/`1_000` are integers, dates become RFC 3339.
enum ScalarResolver {
    static func resolve(plain s: String, tag: String) -> Node.Value {
        switch tag {
        case "tag:yaml.org,2002:str": return .string(s)
        case "", "!", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null":
            break
        default:
            return .string(s)
        }
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        guard let first = s.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            return .string(s)
        }
        let plain = s.replacingAll("_", with: "")
        if let i = parseGoInt(plain) { return .int(i) }
        if let u = parseGoUInt(plain) { return .uint(u) }
        // Go's ParseFloat refuses what overflows (`1e999`): YAML then keeps the text as a string.
        if isYAMLFloat(plain), let d = Double(plain), d.isFinite { return .double(d) }
        if let date = dateOnly(s) { return .string(date) }
        return .string(s)
    }

    /// strconv.ParseInt(s, 0, 64): optional sign, then 0x/0o/0b prefixes or a leading 0 for octal.
    static func parseGoInt(_ s: String) -> Int? {
        var text = Substring(s)
        var negative = false
        if let c = text.first, c == "-" || c == "+" {
            negative = c == "-"
            text = text.dropFirst()
        }
        guard !text.isEmpty else { return nil }
        var radix = 10
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { radix = 16; text = text.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; text = text.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; text = text.dropFirst(2) }
        else if text.count > 1 && text.hasPrefix("0") { radix = 8; text = text.dropFirst() }
        guard !text.isEmpty, !text.hasPrefix("+"), !text.hasPrefix("-"), let magnitude = UInt64(text, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int(magnitude)
    }

    /// strconv.ParseUint(s, 0, 64): what YAML reads as uint64 once ParseInt overflowed.
    static func parseGoUInt(_ s: String) -> UInt64? {
        var text = Substring(s)
        if text.first == "+" { text = text.dropFirst() }
        guard !text.isEmpty, text.first != "-" else { return nil }
        var radix = 10
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { radix = 16; text = text.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; text = text.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; text = text.dropFirst(2) }
        else if text.count > 1 && text.hasPrefix("0") { radix = 8; text = text.dropFirst() }
        guard !text.isEmpty, !text.hasPrefix("+"), !text.hasPrefix("-") else { return nil }
        return UInt64(text, radix: radix)
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    static func isYAMLFloat(_ s: String) -> Bool {
        var bytes = Array(s.utf8)[...]
        if let c = bytes.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func digits(_ b: inout ArraySlice<UInt8>) -> Int {
            var n = 0
            while let c = b.first, c >= 48 && c <= 57 { b = b.dropFirst(); n += 1 }
            return n
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        } else {
            guard digits(&bytes) > 0 else { return false }
            if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); _ = digits(&bytes) }
        }
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let c = bytes.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// A bare `YYYY-MM-DD` is a timestamp; compose prints it back as midnight UTC.
    static func dateOnly(_ s: String) -> String? {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(b[i] >= 48 && b[i] <= 57) { return nil }
        return s + "T00:00:00Z"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        out.reserveCapacity(count)
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
