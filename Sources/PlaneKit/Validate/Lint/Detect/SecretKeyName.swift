/// Variable names that announce a credential (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*_KEY`...)
/// and values that only point at one (`*_FILE`, `FILE__*`, `/run/secrets/...`, `file://`).
enum SecretKeyName {
    static func looksSecret(_ key: String) -> Bool {
        let k = key.uppercased()
        if k.hasSuffix("_FILE") || k.hasPrefix("FILE__") || k.hasSuffix("_PATH") || k.hasSuffix("_DIR") || k.contains("PUBLIC") {
            return false
        }
        for word in ["PASSWORD", "PASSWD", "PASSPHRASE", "TOKEN", "SECRET", "APIKEY", "API_KEY", "PRIVATE_KEY", "CREDENTIAL"] where k.contains(word) {
            return true
        }
        return k.hasSuffix("_KEY") || k == "KEY" || k.hasSuffix("_PASS") || k == "PASS"
    }

    /// A value that names where the credential is (a file, a secret mount), not the credential.
    static func isReference(_ value: String) -> Bool {
        value.hasPrefix("/") || value.hasPrefix("file://") || value.hasPrefix("filepath:") || value.hasPrefix("vault:")
    }

    /// Values a credential never is: booleans and numbers (`PASSWORD_MIN_LENGTH=12`).
    static func isPlainSetting(_ value: String) -> Bool {
        let lower = value.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "none", "null"].contains(lower) { return true }
        return !value.isEmpty && value.allSatisfy { $0.isNumber || $0 == "." }
    }
}
