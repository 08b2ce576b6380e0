import ArgumentParser

/// `plane lint --format`.
enum LintFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
}
