/// Reads an env file in compose's `raw` format (docker's `--env-file` rules): one `KEY=VALUE` per
/// line, split at the first `=`, the value kept exactly (quotes, `#`, `$`, trailing blanks); a line
/// feed ends a line and one `\r` before it is dropped; blank lines and lines starting with `#` (after
/// leading whitespace) are skipped; `KEY` alone is taken from the lookup, or left out; a key holding
/// a space or a tab, an empty key, and a line that is not UTF-8 are errors.
struct DotenvRawReader {
    var text: DotenvText

    init(text: DotenvText) {
        self.text = text
    }

    mutating func read(lookup: (String) -> String?, into collector: inout DotenvCollector) throws(LoadError) {
        let b = text.bytes
        let n = b.count
        var lineStart = 0
        var lineNumber = 0
        while lineStart < n {
            lineNumber += 1
            let eol = b[lineStart...].firstIndex(of: 0x0A) ?? n
            var end = eol
            if end > lineStart, b[end - 1] == 0x0D { end -= 1 }
            defer { lineStart = eol + 1 }

            if String(validating: b[lineStart..<end], as: UTF8.self) == nil {
                throw LoadError(
                    .envFile,
                    "line \(lineNumber) is not valid UTF-8",
                    at: text.location(at: lineStart),
                    hint: "save the file as UTF-8"
                )
            }
            var start = lineStart
            if lineNumber == 1, end - start >= 3, b[start] == 0xEF, b[start + 1] == 0xBB, b[start + 2] == 0xBF {
                start += 3
            }
            while start < end {
                let (s, len) = text.scalar(at: start)
                guard DotenvText.isGoSpace(s) else { break }
                start += len
            }
            if start == end || b[start] == 0x23 { continue }

            let equals = b[start..<end].firstIndex(of: 0x3D)
            let keyEnd = equals ?? end
            if keyEnd == start {
                throw LoadError(
                    .envFile,
                    "no variable name before \"=\"",
                    at: text.location(at: start),
                    hint: "write KEY=VALUE"
                )
            }
            if let blank = b[start..<keyEnd].firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) {
                throw LoadError(
                    .envFile,
                    "a variable name cannot contain whitespace",
                    at: text.location(at: blank),
                    hint: "in the raw format each line is KEY=VALUE, with nothing around KEY"
                )
            }
            let key = text.string(start..<keyEnd)
            let location = text.location(at: start)
            if let equals {
                collector.add(key, text.string((equals + 1)..<end), at: location)
            } else {
                collector.add(key, lookup(key), at: location)
            }
        }
    }
}
