/// Why a compose project could not be loaded. Every case a person can hit names the file, line and
/// column it comes from and the chain of includes/extends that led there.
///
/// `description` never contains a value read from an env file or a secret: only keys, paths and
/// the YAML text of compose files, which are not secret by contract.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case fileNotFound = "file-not-found"
        case fileUnreadable = "file-unreadable"
        case yamlSyntax = "yaml-syntax"
        case duplicateKey = "duplicate-key"
        case invalidMergeKey = "invalid-merge-key"
        case notAMapping = "not-a-mapping"
        case unknownKey = "unknown-key"
        case invalidType = "invalid-type"
        case invalidValue = "invalid-value"
        case interpolation = "interpolation"
        case requiredVariable = "required-variable"
        case envFile = "env-file"
        case extends = "extends"
        case extendsCycle = "extends-cycle"
        case include = "include"
        case includeConflict = "include-conflict"
        case dependency = "dependency"
        case dependencyCycle = "dependency-cycle"
        case undefinedReference = "undefined-reference"
        case projectName = "project-name"
        case noConfigFile = "no-config-file"
        case profile = "profile"
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?
    /// How the loader got there, outermost first: `compose.yaml -> core/x/compose.yaml (extends x)`.
    public var chain: [String]
    public var hint: String?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil, chain: [String] = [], hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.chain = chain
        self.hint = hint
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += message
        if chain.count > 1 { text += "\n  via " + chain.joined(separator: " -> ") }
        if let hint { text += "\n  hint: " + hint }
        return text
    }

    func with(chainPrefix link: String) -> LoadError {
        var copy = self
        copy.chain.insert(link, at: 0)
        return copy
    }
}
