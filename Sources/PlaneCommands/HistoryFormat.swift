import ArgumentParser

/// `--format` of `plane history`: readable text, or the versioned JSON document (docs/HISTORY.md).
enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
