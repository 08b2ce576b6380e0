/// Credentials with a recognisable shape (GitHub, GitLab, Slack, AWS, Stripe, Google, JWTs, PEM
/// private keys). `firstMatch` names the kind found, never the text.
enum KnownTokenFormat {
    private enum Charset: Sendable {
        case alphanumeric, upperOrDigit, base64URL, alphanumericOrDash

        func allows(_ c: UInt8) -> Bool {
            switch self {
            case .alphanumeric: return KnownTokenFormat.alnum(c)
            case .upperOrDigit: return KnownTokenFormat.upperDigit(c)
            case .base64URL: return KnownTokenFormat.base64URL(c)
            case .alphanumericOrDash: return KnownTokenFormat.alnum(c) || c == 0x2D
            }
        }
    }

    private struct Prefixed: Sendable {
        var name: String
        var prefixes: [String]
        var allowed: Charset
        var minimum: Int
        var exact: Bool = false
    }

    private static func alnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    private static func upperDigit(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) }
    private static func base64URL(_ c: UInt8) -> Bool { alnum(c) || c == 0x2D || c == 0x5F }

    private static let formats: [Prefixed] = [
        Prefixed(name: "GitHub token", prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], allowed: .alphanumeric, minimum: 36),
        Prefixed(name: "GitHub fine-grained token", prefixes: ["github_pat_"], allowed: .base64URL, minimum: 22),
        Prefixed(name: "GitLab token", prefixes: ["glpat-", "gldt-", "glrt-"], allowed: .base64URL, minimum: 20),
        Prefixed(name: "Slack token", prefixes: ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"], allowed: .alphanumericOrDash, minimum: 10),
        Prefixed(name: "AWS access key id", prefixes: ["AKIA", "ASIA"], allowed: .upperOrDigit, minimum: 16, exact: true),
        Prefixed(name: "Stripe secret key", prefixes: ["sk_live_", "rk_live_"], allowed: .alphanumeric, minimum: 20),
        Prefixed(name: "Google API key", prefixes: ["AIza"], allowed: .base64URL, minimum: 35, exact: true),
    ]

    /// The kind of credential found in `value`, or nil.
    static func firstMatch(in value: String) -> String? {
        let b = Array(value.utf8)
        for format in formats {
            for prefix in format.prefixes {
                let p = Array(prefix.utf8)
                var i = 0
                while i + p.count <= b.count {
                    defer { i += 1 }
                    guard b[i] == p[0], Array(b[i..<(i + p.count)]) == p else { continue }
                    if i > 0, alnum(b[i - 1]) { continue }
                    var j = i + p.count
                    while j < b.count, format.allowed.allows(b[j]) { j += 1 }
                    let body = j - i - p.count
                    if format.exact ? body == format.minimum : body >= format.minimum { return format.name }
                }
            }
        }
        if isJWT(b) { return "JSON Web Token" }
        if value.contains("-----BEGIN "), value.contains("PRIVATE KEY-----") { return "PEM private key" }
        return nil
    }

    /// `eyJ...` `.` `eyJ...` `.` signature, base64url segments.
    private static func isJWT(_ b: [UInt8]) -> Bool {
        var i = 0
        while i + 3 <= b.count {
            defer { i += 1 }
            guard b[i] == 0x65, b[i + 1] == 0x79, b[i + 2] == 0x4A, i == 0 || !base64URL(b[i - 1]) else { continue }
            var segments: [Int] = []
            var length = 0
            var j = i
            while j < b.count {
                if base64URL(b[j]) { length += 1 } else if b[j] == 0x2E, segments.count < 2 { segments.append(length); length = 0 } else { break }
                j += 1
            }
            segments.append(length)
            guard segments.count == 3, segments.allSatisfy({ $0 >= 8 }) else { continue }
            let second = b.index(i, offsetBy: segments[0] + 1)
            if second + 3 <= b.count, b[second] == 0x65, b[second + 1] == 0x79, b[second + 2] == 0x4A { return true }
        }
        return false
    }
}
