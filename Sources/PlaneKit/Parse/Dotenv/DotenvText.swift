/// The bytes of a dotenv file, with what the readers need to walk them as compose-go does: UTF-8
/// decoding at an offset, Go's notions of space, and offsets turned into line and column.
struct DotenvText {
    let bytes: [UInt8]
    let file: String
    private var cachedOffset = 0
    private var cachedLine = 1
    private var cachedLineStart = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    var count: Int { bytes.count }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    mutating func location(at offset: Int) -> SourceLocation {
        let target = min(max(offset, 0), bytes.count)
        if target < cachedOffset {
            cachedOffset = 0
            cachedLine = 1
            cachedLineStart = 0
        }
        var i = cachedOffset
        while i < target {
            if bytes[i] == 0x0A {
                cachedLine += 1
                cachedLineStart = i + 1
            }
            i += 1
        }
        cachedOffset = target
        var column = 1
        var j = cachedLineStart
        while j < target {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        if target < bytes.count, bytes[target] & 0xC0 == 0x80 { column -= 1 }
        return SourceLocation(file: file, line: cachedLine, column: max(column, 1))
    }

    /// The scalar at `i` and its length in bytes; a malformed sequence reads as U+FFFD of length 1.
    func scalar(at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let replacement: (Unicode.Scalar, Int) = ("\u{FFFD}", 1)
        let length: Int
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07)
        default: return replacement
        }
        guard i + length <= bytes.count else { return replacement }
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return replacement }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return replacement }
        return (scalar, length)
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    // MARK: - Character classes

    /// Go's `unicode.IsSpace`: the Unicode White_Space property (line breaks included).
    static func isGoSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        case 0...0xFF: return false
        default: return s.properties.isWhitespace
        }
    }

    /// compose-go's `isSpace`: blanks that are not a line feed.
    static func isBlank(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0: return true
        default: return false
        }
    }

    /// What compose-go lets into a variable name: letters, numbers (any script), `_ . - [ ]`.
    static func isKeyScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2E, 0x2D, 0x5B, 0x5D: return true
        case 0...0x7F: return false
        default:
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }

    /// A character as Go's `%q` would show it, for error texts (`"$"`, `"\t"`, `"\u00e9"` stays `"é"`).
    static func quoted(_ s: Unicode.Scalar) -> String {
        switch s {
        case "\"": return "'\"'"
        case "\t": return "\"\\t\""
        case "\r": return "\"\\r\""
        default:
            if s.properties.generalCategory == .control || s.properties.generalCategory == .format
                || s.value == 0xFFFD
            {
                return "\"\\u{\(String(s.value, radix: 16))}\""
            }
            return "\"\(Character(s))\""
        }
    }
}
