/// Gathers a dotenv file's entries with compose's rules: a later assignment wins, a pass-through key
/// the lookup did not know never removes an earlier value.
struct DotenvCollector {
    private(set) var entries: [DotenvEntry] = []
    private var index: [String: Int] = [:]
    /// The values set so far, which later values of the same file may refer to.
    private(set) var values: [String: String] = [:]

    mutating func add(_ key: String, _ value: String?, at location: SourceLocation) {
        if let i = index[key] {
            guard value != nil else { return }
            entries[i].value = value
            entries[i].location = location
        } else {
            index[key] = entries.count
            entries.append(DotenvEntry(key: key, value: value, location: location))
        }
        if let value { values[key] = value }
    }
}
