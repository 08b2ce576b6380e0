/// A Traefik API object's `status`: a critical error disables it, a non-critical one is a warning.
public enum TraefikStatus: String, Sendable, Equatable, Decodable {
    case enabled, warning, disabled

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = TraefikStatus(rawValue: text.lowercased()) ?? .disabled
    }
}

/// Traefik names are `name@provider`; a name written without a provider belongs to the provider of
/// the object that references it (`hdr` on a docker router is `hdr@docker`).
public enum TraefikName {
    public static func qualified(_ name: String, provider: String) -> String {
        name.contains("@") || provider.isEmpty ? name : "\(name)@\(provider)"
    }

    /// `sonarr@docker` -> ("sonarr", "docker"); no `@` -> (name, nil).
    public static func split(_ name: String) -> (name: String, provider: String?) {
        guard let at = name.lastIndex(of: "@") else { return (name, nil) }
        return (String(name[..<at]), String(name[name.index(after: at)...]))
    }

    /// Traefik's provider.Normalize: runs of characters that are neither letters nor digits become one
    /// `-`, and leading/trailing ones are dropped (`sonarr_media` -> `sonarr-media`).
    public static func normalize(_ name: String) -> String {
        name.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: "-")
    }
}
