/// The backslash escapes of a double-quoted dotenv value, as compose-go expands them before
/// substituting variables.
///
/// - `\a \b \f \n \r \t \v \" \\` become their character;
/// - `\$` becomes `$$`, which substitution then turns into a literal `$`;
/// - `\0` followed by up to three digits is an octal escape: `\0101` is `A`, `\0377` is `ÿ` (the code
///   point, UTF-8 encoded). When the digits are not exactly three octal digits worth at most 255,
///   compose-go still drops the `0`: `\012` gives `\12`, `\0` gives `\`, `\08` gives `\8`;
/// - any other backslash (`\c`, `\x41`, `\u0041`, `\q`...) stays as written.
enum DotenvEscapes {
    static func expand(_ input: [UInt8]) -> [UInt8] {
        guard input.contains(0x5C) else { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        let n = input.count
        while i < n {
            let c = input[i]
            guard c == 0x5C, i + 1 < n else {
                out.append(c)
                i += 1
                continue
            }
            let next = input[i + 1]
            switch next {
            case UInt8(ascii: "a"): out.append(0x07); i += 2
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "v"): out.append(0x0B); i += 2
            case UInt8(ascii: "\""): out.append(0x22); i += 2
            case 0x5C: out.append(0x5C); i += 2
            case UInt8(ascii: "$"): out.append(0x24); out.append(0x24); i += 2
            case UInt8(ascii: "0"):
                var j = i + 2
                while j < n, j < i + 5, (0x30...0x39).contains(input[j]) { j += 1 }
                let digits = input[(i + 2)..<j]
                var value: UInt32 = 0
                var octal = digits.count == 3
                for d in digits {
                    if d > 0x37 { octal = false }
                    value = value << 3 | UInt32(d &- 0x30)
                }
                if octal, value <= 255, let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: String(Character(scalar)).utf8)
                } else {
                    out.append(0x5C)
                    out.append(contentsOf: digits)
                }
                i = j
            default:
                out.append(0x5C)
                i += 1
            }
        }
        return out
    }
}
