/// Every lint rule, in the order docs/LINT.md lists them. A new rule is one file under
/// Validate/Rules/ plus one line here.
public enum LintRules {
    static let all: [any LintRule] = [
        EnvMissingFile(), EnvMissingKey(), EnvUnknownKey(), EnvRequiredVariable(), EnvEmptyValue(), EnvPlaceholder(),
        EnvDuplicateKey(), EnvSpacing(), EnvUnquotedSpace(), EnvLowercaseKey(), EnvByteOrderMark(), EnvCRLF(),
        EnvSecretValue(), EnvSecretInCompose(), EnvKnownToken(), EnvHighEntropy(), EnvCiphertext(), EnvTracked(), EnvNotIgnored(),
        SecretUndefined(), SecretMissingFile(), SecretNotAFile(), SecretSymlink(), SecretUnreadable(), SecretEmpty(),
        SecretPlaceholder(), SecretMode(), SecretOwner(), SecretTrailingWhitespace(), SecretCiphertext(), SecretTracked(),
        SecretNotIgnored(), SecretWorldReadableFolder(), SecretUnused(), SecretNotMounted(),
        PostureReadOnly(), PostureCapDrop(), PostureNoNewPrivileges(), PostureDockerSocket(), PosturePrivileged(),
        PostureHostNamespace(), PosturePortAllInterfaces(), PostureImageUnpinned(), PostureTraefikMiddleware(),
        PostureTraefikUnprotected(),
        PostureHealthcheckDependency(),
        LintConfigProblem(),
    ]

    /// The rules' ids, severities and summaries (SARIF's rule table, docs).
    public static var descriptors: [RuleDescriptor] { all.map { type(of: $0).descriptor } }

    public static var ids: [String] { all.map { type(of: $0).id } }
}
