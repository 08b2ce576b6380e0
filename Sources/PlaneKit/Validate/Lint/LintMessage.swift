/// The words of a finding: what is wrong and how to fix it. Each rule declares its own messages
/// as static functions at the bottom of its file; they take keys, paths and names, never values.
struct LintMessage: Sendable {
    var text: String
    var hint: String?

    init(_ text: String, hint: String? = nil) {
        self.text = text
        self.hint = hint
    }
}
