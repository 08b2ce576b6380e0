/// Splits a command string into words the way compose does for `command`/`entrypoint` strings:
/// POSIX shell quoting (single quotes literal, double quotes with backslash escapes), no expansion.
enum ShellWords {
    static func split(_ text: String) throws(LoadError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var chars = Array(text)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                while let d = chars.first, d != "'" { current.append(d); chars = chars.dropFirst() }
                guard chars.first == "'" else { throw LoadError(.invalidValue, "unterminated single-quoted string in command") }
                chars = chars.dropFirst()
            case "\"":
                inWord = true
                var closed = false
                while let d = chars.first {
                    chars = chars.dropFirst()
                    if d == "\"" { closed = true; break }
                    if d == "\\", let e = chars.first, e == "\"" || e == "\\" || e == "$" || e == "`" || e == "\n" {
                        chars = chars.dropFirst()
                        if e != "\n" { current.append(e) }
                        continue
                    }
                    current.append(d)
                }
                guard closed else { throw LoadError(.invalidValue, "unterminated double-quoted string in command") }
            case "\\":
                inWord = true
                if let e = chars.first { chars = chars.dropFirst(); if e != "\n" { current.append(e) } }
            default:
                inWord = true
                current.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
