/// Checks compose makes once the model is whole: what services refer to exists and is enabled,
/// and `depends_on` has no cycle.
enum Consistency {
    /// Rules on one merged service that no single file can break on its own.
    static func checkService(_ service: Node, name: String, at location: SourceLocation?) throws(LoadError) {
        // A provider service is run by its provider: it needs neither.
        let image = service["image"].flatMap { $0.string == "" ? nil : $0 }  // "" after interpolation is no image
        if image == nil && service["build"] == nil && service["provider"] == nil {
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
        if let platform = service["platform"], let text = platform.string, !text.isEmpty,
           let platforms = service["build"]?["platforms"]?.sequence, !platforms.isEmpty,
           !platforms.contains(where: { $0.scalarText == text }) {
            throw LoadError(.invalidValue, "service.build.platforms MUST include service.platform \"\(text)\"", at: platform.location,
                            hint: "add \(text) to build.platforms, or change platform:")
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

    /// An external resource is only named: compose refuses what it would have to create it with.
    static func checkExternalResources(_ model: Mapping) throws(LoadError) {
        for section in ["networks", "volumes", "secrets", "configs"] {
            for entry in model[section]?.mapping?.entries ?? [] {
                guard let resource = entry.value.mapping, let external = resource["external"] else { continue }
                if let externalName = external["name"], resource["name"] != nil {
                    throw LoadError(.invalidValue, "\(section).\(entry.key): name and external.name conflict; only use name",
                                    at: externalName.location, hint: "keep name: and write external: true")
                }
                guard section == "volumes", external.bool == true || external.mapping != nil else { continue }
                for key in ["driver", "driver_opts", "labels"] where resource[key] != nil {
                    throw LoadError(.invalidValue, "\(section).\(entry.key): conflicting parameters \"external\" and \"\(key)\" specified",
                                    at: resource.keyLocation(key), hint: "an external volume is created elsewhere: remove \(key), or external")
                }
            }
        }
    }

    /// A secret or config says where its content comes from, in exactly one way (a custom
    /// `driver` or `external` may bring it instead). Every declared one is checked, used or not.
    static func checkFileObjects(_ model: Mapping) throws(LoadError) {
        for (section, keys) in [("configs", ["file", "environment", "content"]), ("secrets", ["file", "environment"])] {
            for entry in model[section]?.mapping?.entries ?? [] {
                guard let object = entry.value.mapping else { continue }
                let given = keys.filter { object[$0] != nil }
                let sources = keys.joined(separator: "|")
                if given.count > 1 {
                    throw LoadError(.invalidValue, "\(section).\(entry.key): \(sources) attributes are mutually exclusive",
                                    at: object.keyLocation(given[1]), hint: "keep only one of \(given.joined(separator: " and "))")
                }
                if given.isEmpty && object["driver"] == nil && object["external"] == nil {
                    throw LoadError(.invalidValue, "\(section).\(entry.key): one of \(sources) must be set",
                                    at: entry.keyLocation ?? entry.value.location, hint: "add file: PATH or environment: VARIABLE")
                }
                // compose builds a secret itself unless it is external: a custom driver alone gives it nothing to read.
                if section == "secrets" && given.isEmpty && object["external"]?.bool != true && object["external"]?.mapping == nil {
                    throw LoadError(.invalidValue, "secret \"\(entry.key)\" must declare either `file` or `environment`",
                                    at: entry.keyLocation ?? entry.value.location, hint: "add file: PATH or environment: VARIABLE, or mark it external: true")
                }
            }
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
        try checkExternalResources(model)
        try checkFileObjects(model)
        let models = model["models"]?.mapping
        var containerNames: [String: String] = [:]
        for entry in enabled.entries {
            let name = entry.key
            let service = entry.value
            if let node = service["container_name"], let container = node.string {
                if let other = containerNames[container] {
                    throw LoadError(.invalidValue, "services.\(name): container name \"\(container)\" is already in use by service \(other)",
                                    at: node.location, hint: "give each service its own container_name (or none)")
                }
                containerNames[container] = name
            }
            for used in service["models"]?.mapping?.entries ?? [] where models?[used.key] == nil {
                throw LoadError(.undefinedReference, "service \"\(name)\" refers to undefined model \(used.key)",
                                at: used.keyLocation ?? used.value.location, hint: "declare it under the top-level models:")
            }
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
