/// Parses env files the way Docker Compose v2 (compose-go's `dotenv` package) does.
///
/// Two dialects:
/// - the compose dialect (default): `export ` prefix, `KEY=value` and `KEY: value`, `KEY` alone
///   (taken from `lookup`, left out when unknown), `#` comments, quoted values (single: literal;
///   double: escapes and multi-line), unquoted values cut at ` #` and trimmed, and `$` substitution
///   in unquoted and double-quoted values (see `TemplateSubstitution`), names read from `lookup`
///   FIRST and then from the keys already read in the same file (compose's order);
/// - `raw` (`env_file: {format: raw}`): one `KEY=VALUE` per line, the value taken byte for byte
///   (quotes, `#`, `$` and trailing blanks included), only a final `\r` dropped.
///
/// Entries come out in the order their keys first appear; when a key is assigned again the later
/// value (and its location) wins, as in compose. Errors are `.envFile` with the file, line and
/// column; they name keys and at most one offending character, never a value nor a line of the
/// file (values may be secrets; compose itself does print them).
public enum DotenvParser {
    public static func parse(
        _ text: String,
        file: String,
        raw: Bool = false,
        lookup: (String) -> String?
    ) throws(LoadError) -> [DotenvEntry] {
        var ignored: [InterpolationWarning] = []
        return try parse(text, file: file, raw: raw, lookup: lookup, warnings: &ignored)
    }

    /// Same, also reporting the variables substituted while unset (compose warns about them).
    public static func parse(
        _ text: String,
        file: String,
        raw: Bool = false,
        lookup: (String) -> String?,
        warnings: inout [InterpolationWarning]
    ) throws(LoadError) -> [DotenvEntry] {
        try parse(bytes: Array(text.utf8), file: file, raw: raw, lookup: lookup, warnings: &warnings)
    }

    /// Parses the file's bytes. In `raw` mode a line that is not valid UTF-8 is an error, as in
    /// compose; otherwise malformed bytes read as U+FFFD.
    public static func parse(
        bytes: [UInt8],
        file: String,
        raw: Bool = false,
        lookup: (String) -> String?,
        warnings: inout [InterpolationWarning]
    ) throws(LoadError) -> [DotenvEntry] {
        var collector = DotenvCollector()
        if raw {
            var reader = DotenvRawReader(text: DotenvText(bytes: bytes, file: file))
            try reader.read(lookup: lookup, into: &collector)
        } else {
            let valid: [UInt8]
            if String(validating: bytes, as: UTF8.self) != nil {
                valid = bytes
            } else {
                valid = Array(String(decoding: bytes, as: UTF8.self).utf8)
            }
            var reader = DotenvSyntaxReader(text: DotenvText(bytes: valid, file: file))
            try reader.read(lookup: lookup, into: &collector, warnings: &warnings)
        }
        return collector.entries
    }
}
