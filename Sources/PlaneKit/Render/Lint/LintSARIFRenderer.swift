/// `plane lint --format sarif`: SARIF 2.1.0 for code-scanning tools. Every rule is in the
/// driver's rule table; results point at paths relative to the project folder (`PROJECTROOT`);
/// accepted findings are results with an external suppression carrying the documented reason.
/// A result's level is its rule's severity (`--strict` changes the exit status, not the levels).
public enum LintSARIFRenderer {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public static func render(_ report: LintReport) -> String {
        let descriptors = LintRules.descriptors
        var index: [String: Int] = [:]
        for (i, d) in descriptors.enumerated() { index[d.id] = i }

        var driver = Mapping()
        driver["name"] = .string("plane")
        driver["rules"] = .sequence(descriptors.map { rule($0) })

        var run = Mapping()
        run["tool"] = .mapping(Mapping([("driver", .mapping(driver))]))
        var base = Mapping()
        base["uri"] = .string(fileURI(report.workingDirectory, directory: true))
        run["originalUriBaseIds"] = .mapping(Mapping([("PROJECTROOT", .mapping(base))]))
        var results = report.findings.map { result($0, ruleIndex: index[$0.rule]) }
        for accepted in report.accepted {
            var node = result(accepted.finding, ruleIndex: index[accepted.finding.rule])
            var suppression = Mapping()
            suppression["kind"] = .string("external")
            suppression["justification"] = .string(accepted.reason)
            node["suppressions"] = .sequence([.mapping(suppression)])
            results.append(node)
        }
        run["results"] = .sequence(results)
        run["columnKind"] = .string("unicodeCodePoints")

        var root = Mapping()
        root["$schema"] = .string(schemaURI)
        root["version"] = .string("2.1.0")
        root["runs"] = .sequence([.mapping(run)])
        return JSONWriter.write(.mapping(root))
    }

    private static func rule(_ descriptor: RuleDescriptor) -> Node {
        var m = Mapping()
        m["id"] = .string(descriptor.id)
        m["shortDescription"] = .mapping(Mapping([("text", .string(descriptor.summary))]))
        m["defaultConfiguration"] = .mapping(Mapping([("level", .string(descriptor.severity.rawValue))]))
        return .mapping(m)
    }

    private static func result(_ finding: Finding, ruleIndex: Int?) -> Node {
        var m = Mapping()
        m["ruleId"] = .string(finding.rule)
        if let ruleIndex { m["ruleIndex"] = .int(ruleIndex) }
        m["level"] = .string(finding.severity.rawValue)
        var text = finding.message
        if let service = finding.service { text = "\(service): " + text }
        m["message"] = .mapping(Mapping([("text", .string(text))]))
        if let location = finding.location {
            var artifact = Mapping()
            if location.file.hasPrefix("/") {
                artifact["uri"] = .string(fileURI(location.file, directory: false))
            } else {
                artifact["uri"] = .string(percentEncoded(location.file))
                artifact["uriBaseId"] = .string("PROJECTROOT")
            }
            var region = Mapping()
            region["startLine"] = .int(max(location.line, 1))
            region["startColumn"] = .int(max(location.column, 1))
            var physical = Mapping()
            physical["artifactLocation"] = .mapping(artifact)
            physical["region"] = .mapping(region)
            m["locations"] = .sequence([.mapping(Mapping([("physicalLocation", .mapping(physical))]))])
        }
        var properties = Mapping()
        if let service = finding.service { properties["service"] = .string(service) }
        if let subject = finding.subject { properties["subject"] = .string(subject) }
        if let hint = finding.hint { properties["hint"] = .string(hint) }
        if !properties.isEmpty { m["properties"] = .mapping(properties) }
        return .mapping(m)
    }

    static func fileURI(_ path: String, directory: Bool) -> String {
        var uri = "file://" + percentEncoded(path)
        if directory && !uri.hasSuffix("/") { uri += "/" }
        return uri
    }

    /// RFC 3986 path encoding: unreserved characters and `/` as they are, every other byte as %XX.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x2F:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
