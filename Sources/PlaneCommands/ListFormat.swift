import ArgumentParser

/// `--format` of listing commands: an aligned table, or one JSON object per line.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
