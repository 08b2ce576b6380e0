/// Compose project names: lowercase letters, digits, `-` and `_`, starting with a letter or digit.
public enum ProjectName {
    public static func normalize(_ name: String) -> String {
        let kept = name.lowercased().unicodeScalars.filter { c in
            (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-" || c == "_"
        }
        var s = Substring(String(String.UnicodeScalarView(kept)))
        while let f = s.first, f == "-" || f == "_" { s = s.dropFirst() }
        return String(s)
    }

    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && normalize(name) == name
    }
}
