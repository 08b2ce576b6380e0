/// Reads dotenv files into a variable map; a later file wins over an earlier one, and `${VAR}`
/// inside a file sees the process environment and earlier keys.
enum EnvFileReader {
    static func read(_ files: [String], lookup: (String) -> String?) throws(LoadError) -> [(String, String)] {
        var values: [String: String] = [:]
        var order: [String] = []
        for file in files {
            if let reason = FileSystem.notRegularReason(file) {
                throw LoadError(.envFile, reason == "no such file" ? "couldn't find env file: \(file)" : "cannot read env file \(file): \(reason)")
            }
            let text = try FileSystem.readText(file)
            let entries = try DotenvParser.parse(text, file: file, lookup: { key in values[key] ?? lookup(key) })
            for entry in entries {
                guard let value = entry.value ?? lookup(entry.key) else { continue }
                if values[entry.key] == nil { order.append(entry.key) }
                values[entry.key] = value
            }
        }
        return order.map { ($0, values[$0]!) }
    }
}
