/// How bad a finding is. Errors fail `plane lint` (exit 1) and block `plane up`; warnings do only
/// under `--strict`.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case error
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}
