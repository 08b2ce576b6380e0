/// Checks compose makes once the model is whole: what services refer to exists and is enabled,
/// and `depends_on` has no cycle.
enum Consistency {
    /// Rules on one merged service that no single file can break on its own.
    static func checkService(_ service: Node, name: String, at location: SourceLocation?) throws(LoadError) {
        if service["image"] == nil && service["build"] == nil {
            throw LoadError(.invalidValue, "service \"\(name)\" has neither an image nor a build context specified", at: location,
                            hint: "add image: NAME:TAG (or build:) to the service")
        }
        for key in ["group_add", "volumes_from", "external_links"] {
            var seen = Set<String>()
            for (i, item) in (service[key]?.sequence ?? []).enumerated() {
                guard seen.insert(Fingerprint.of(item)).inserted else {
                    throw LoadError(.invalidValue, "services.\(name).\(key) items are not unique (item \(i) repeats an earlier one)", at: item.location,
                                    hint: "remove the repeated entry; merged files append these lists")
                }
            }
        }
        let scale = service["scale"]?.int
        if let scale, scale > 1, service["container_name"] != nil {
            throw LoadError(.invalidValue, "services.\(name): can't set container_name and scale > 1, as container names must be unique",
                            at: service.mapping?.keyLocation("container_name"))
        }
        if let scale, let replicas = service["deploy"]?["replicas"]?.int, scale != replicas {
            throw LoadError(.invalidValue, "services.\(name): can't set distinct values on 'scale' and 'deploy.replicas'",
                            at: service.mapping?.keyLocation("scale"))
        }
    }

    /// `undefinedSecret`, when given, receives a mount of an undeclared secret instead of the check
    /// failing (lint reports it with the other input problems).
    static func check(enabled: Mapping, disabled: Mapping, model: Mapping,
                      undefinedSecret: ((InputProblem) -> Void)? = nil) throws(LoadError) {
        let networks = model["networks"]?.mapping
        let volumes = model["volumes"]?.mapping
        let secrets = model["secrets"]?.mapping
        let configs = model["configs"]?.mapping
        for entry in enabled.entries {
            let name = entry.key
            let service = entry.value
            for dep in service["depends_on"]?.mapping?.entries ?? [] where enabled[dep.key] == nil {
                let required = dep.value["required"]?.bool ?? true
                if disabled[dep.key] != nil && !required { continue }
                let why = disabled[dep.key] != nil ? "service \"\(dep.key)\" is disabled by its profiles" : "no service \"\(dep.key)\" is defined"
                throw LoadError(.dependency, "service \"\(name)\" depends on undefined service \"\(dep.key)\": \(why)",
                                at: dep.keyLocation ?? dep.value.location,
                                hint: disabled[dep.key] != nil
                                    ? "enable its profile (--profile), or mark the dependency `required: false`"
                                    : Suggestion.hint(for: dep.key, among: (enabled.keys + disabled.keys)))
            }
            for net in service["networks"]?.mapping?.entries ?? [] where net.key != "default" && networks?[net.key] == nil {
                throw LoadError(.undefinedReference, "service \"\(name)\" refers to undefined network \(net.key)",
                                at: net.keyLocation ?? net.value.location, hint: "declare it under the top-level networks:")
            }
            for volume in service["volumes"]?.sequence ?? [] {
                guard volume["type"]?.string == "volume", let source = volume["source"]?.string else { continue }
                if volumes?[source] == nil {
                    throw LoadError(.undefinedReference, "service \"\(name)\" refers to undefined volume \(source)",
                                    at: volume.location, hint: "declare it under the top-level volumes:")
                }
            }
            for (kind, declared) in [("secrets", secrets), ("configs", configs)] {
                for mount in service[kind]?.sequence ?? [] {
                    guard let source = mount["source"]?.scalarText, declared?[source] == nil else { continue }
                    let singular = kind == "secrets" ? "secret" : "config"
                    let error = LoadError(.undefinedReference, "service \"\(name)\" refers to undefined \(singular) \(source)",
                                          at: mount.location, hint: "declare it under the top-level \(kind):")
                    if kind == "secrets", let undefinedSecret {
                        undefinedSecret(InputProblem(.undefinedSecret(name: source), service: name, error: error))
                        continue
                    }
                    throw error
                }
            }
        }
        if let cycle = DependencyGraph(services: enabled).cycle() {
            let first = enabled[cycle[0]]?["depends_on"]?.mapping?.keyLocation(cycle[1])
            throw LoadError(.dependencyCycle, "dependency cycle detected: \(cycle.joined(separator: " -> "))", at: first,
                            hint: "remove one depends_on edge of this cycle")
        }
    }
}
