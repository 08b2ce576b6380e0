/// One thing lint found: which rule, how bad, where (the file, line and column a person edits),
/// which service, what it concerns (a key, a secret, a router, a path) and a fix hint.
///
/// `message` and `hint` name keys, paths and services, never a value read from an env file or a
/// secret: findings are printed, written as JSON/SARIF and uploaded to code-scanning tools.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var severity: Severity
    public var location: SourceLocation?
    public var service: String?
    /// The env key, secret name, router or path the finding is about (what `accept` entries match).
    public var subject: String?
    public var message: String
    public var hint: String?

    public init(rule: String, severity: Severity, location: SourceLocation?, service: String?, subject: String?,
                message: String, hint: String?) {
        self.rule = rule
        self.severity = severity
        self.location = location
        self.service = service
        self.subject = subject
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = "\(severity.rawValue)[\(rule)]: "
        if let location { text += "\(location): " }
        if let service { text += "\(service): " }
        return text + message
    }

    /// File, line, column, rule, then the rest: the order every output format uses.
    static func precedes(_ a: Finding, _ b: Finding) -> Bool {
        let fa = a.location?.file ?? "", fb = b.location?.file ?? ""
        if fa != fb { return fa < fb }
        let la = a.location?.line ?? 0, lb = b.location?.line ?? 0
        if la != lb { return la < lb }
        let ca = a.location?.column ?? 0, cb = b.location?.column ?? 0
        if ca != cb { return ca < cb }
        if a.rule != b.rule { return a.rule < b.rule }
        if (a.service ?? "") != (b.service ?? "") { return (a.service ?? "") < (b.service ?? "") }
        if (a.subject ?? "") != (b.subject ?? "") { return (a.subject ?? "") < (b.subject ?? "") }
        return a.message < b.message
    }
}
