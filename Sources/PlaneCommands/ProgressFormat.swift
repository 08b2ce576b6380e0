import ArgumentParser

/// `--format` of commands that report progress: text (a live view per service on a terminal,
/// plain lines otherwise) or one JSON object per event per line.
enum ProgressFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
