import ArgumentParser

/// `--format` of read commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case yaml, json
}
