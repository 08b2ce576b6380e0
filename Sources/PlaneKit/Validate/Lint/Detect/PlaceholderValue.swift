/// Values that stand for "fill me in": `changeme`, `xxx`, `<token>`, `TODO`, `your-key-here`, an
/// unexpanded `__GENERATE_HEX64__`-style marker. The whole (trimmed) value must be one, so a real
/// value that merely contains such a word is not flagged.
enum PlaceholderValue {
    static func matches(_ value: String) -> Bool {
        let text = value.trimmingSpaces().lowercased()
        guard !text.isEmpty else { return false }
        if exact.contains(text) { return true }
        for word in leadingWords where text.hasPrefix(word) {
            let rest = text.dropFirst(word.count)
            if rest.isEmpty || !(rest.first!.isLetter || rest.first!.isNumber) { return true }
        }
        if text.count >= 3, text.first == "<", text.last == ">" { return true }
        if text.hasPrefix("your"), text.hasSuffix("here") { return true }
        if text.count >= 5, text.hasPrefix("__"), text.hasSuffix("__"),
           text.dropFirst(2).dropLast(2).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return true }
        let xs = text.filter { $0 == "x" }.count
        if xs >= 3, text.allSatisfy({ $0 == "x" || $0 == "-" || $0 == "_" || $0 == "." }) { return true }
        return false
    }

    private static let exact: Set<String> = [
        "changeme", "change-me", "change_me", "changethis", "change-this", "change_me_please", "replaceme", "replace-me",
        "replace_me", "placeholder", "dummy", "password", "secret", "token", "insert-here", "fill-me", "fillme", "tbd", "n/a",
    ]
    /// A value starting with one of these words (then nothing, or a non-alphanumeric) is a note, not a value.
    private static let leadingWords = ["todo", "fixme", "changeme", "change-me", "change_me", "replace-me", "replace_me", "placeholder"]
}
