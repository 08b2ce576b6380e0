#if canImport(Glibc)
import Glibc
#endif

/// Random-looking strings (generated keys and tokens): long, one word, letters and digits mixed,
/// and a high Shannon entropy per character. URLs, paths, versions and lists are left alone.
enum SecretEntropy {
    static func isHighEntropy(_ value: String) -> Bool {
        let b = Array(value.utf8)
        guard b.count >= 20, b.count <= 4096, b[0] != 0x2F else { return false }
        var letters = false, digits = false, hexOnly = true
        for c in b {
            let isDigit = c >= 0x30 && c <= 0x39
            let isLetter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            guard isDigit || isLetter || c == 0x2B || c == 0x2F || c == 0x3D || c == 0x5F || c == 0x2D else { return false }
            digits = digits || isDigit
            letters = letters || isLetter
            if !(isDigit || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) { hexOnly = false }
        }
        guard letters, digits else { return false }
        let bits = entropy(b)
        if hexOnly { return b.count >= 32 && bits >= 3.0 }
        return bits >= min(4.0, log2(Double(b.count)) - 0.7)
    }

    /// Shannon entropy in bits per byte.
    static func entropy(_ bytes: [UInt8]) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for c in bytes { counts[Int(c)] += 1 }
        let n = Double(bytes.count)
        var bits = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / n
            bits -= p * log2(p)
        }
        return bits
    }
}
