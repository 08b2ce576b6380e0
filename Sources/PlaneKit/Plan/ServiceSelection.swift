/// Which services a command acts on and the stage each comes up in.
///
/// The project is loaded with every profile enabled; the selection then keeps the services of the
/// profiles asked for (plus those without profiles, which compose always enables), or the services
/// named, and — unless `--no-deps` — what they depend on in the same or earlier profiles of the
/// `ProfileOrder`. That is how `up --profile medias` brings up (or checks) the `core` services
/// medias needs, where docker compose would refuse (cross-profile dependencies are
/// `required: false` precisely so compose accepts a medias-only run).
public struct ServiceSelection: Sendable, Equatable {
    /// Selected services, in start order: by stage, then dependencies before dependents, then name.
    public var services: [String]
    /// Stage of each selected service: its profile's rank, or later when a dependency comes later.
    public var stages: [String: Int]
    /// Services selected only because something selected depends on them, with the first reason.
    public var pulledIn: [String: String]
    /// Optional dependencies left out because they come in a later profile (service -> dependency).
    public var skippedDependencies: [(service: String, dependency: String)]
    /// The complete profile order of the project.
    public var profileOrder: [String]

    public static func == (a: ServiceSelection, b: ServiceSelection) -> Bool {
        a.services == b.services && a.stages == b.stages && a.pulledIn == b.pulledIn
            && a.skippedDependencies.map { "\($0.service)>\($0.dependency)" } == b.skippedDependencies.map { "\($0.service)>\($0.dependency)" }
    }

    /// - Parameters:
    ///   - project: loaded with every profile (`--profile '*'`).
    ///   - profiles: the profiles asked for (`*` for all); empty means only services without profiles.
    ///   - services: services named on the command line; when given, only they (and their
    ///     dependencies) are selected.
    public static func resolve(
        project: ResolvedProject, order: ProfileOrder, profiles: [String], services named: [String],
        withDependencies: Bool = true
    ) throws(PlanError) -> ServiceSelection {
        let all = project.services
        let everyProfile = project.allProfiles
        let fullOrder = order.complete(with: everyProfile)
        func own(_ name: String) -> [String] { (all[name]?["profiles"]?.sequence ?? []).compactMap(\.scalarText) }
        func rank(_ name: String) -> Int { order.rank(of: own(name), among: everyProfile) }

        for profile in profiles where profile != "*" && !everyProfile.contains(profile) {
            throw PlanError(.unknownSelection, "no service is in profile \(profile)",
                            hint: Suggestion.hint(for: profile, among: everyProfile)
                                ?? "profiles of this project: \(everyProfile.joined(separator: ", "))")
        }
        for name in named where all[name] == nil {
            throw PlanError(.unknownSelection, "no such service: \(name)",
                            hint: Suggestion.hint(for: name, among: all.keys.sorted())
                                ?? "services of this project: \(all.keys.sorted().joined(separator: ", "))")
        }

        let everything = profiles.contains("*")
        var roots: [String]
        if !named.isEmpty {
            roots = named
        } else {
            roots = all.keys.filter { name in
                let p = own(name)
                return p.isEmpty || everything || p.contains(where: profiles.contains)
            }
        }
        roots = roots.sorted()
        let limit = roots.map(rank).max() ?? 0

        var selected = Set(roots)
        var pulledIn: [String: String] = [:]
        var skipped: [(String, String)] = []
        if withDependencies {
            var queue = roots
            while let name = queue.first {
                queue.removeFirst()
                for dependency in ServiceDependency.all(of: all[name]!) {
                    guard all[dependency.service] != nil else { continue }
                    if rank(dependency.service) > limit {
                        guard !dependency.required else {
                            let theirs = own(dependency.service).joined(separator: ", ")
                            throw PlanError(
                                .dependencyOrder,
                                "\(name) requires \(dependency.service), which is in profile \(theirs), after the profiles selected",
                                hint: "add --profile \(own(dependency.service).first ?? theirs), or mark the dependency `required: false`")
                        }
                        skipped.append((name, dependency.service))
                        continue
                    }
                    if selected.insert(dependency.service).inserted {
                        pulledIn[dependency.service] = "\(name) depends on it"
                        queue.append(dependency.service)
                    }
                }
            }
        }

        // Stage: the service's own rank, never before a dependency's stage.
        var stages: [String: Int] = [:]
        func stage(_ name: String, _ visiting: Set<String>) -> Int {
            if let known = stages[name] { return known }
            var value = rank(name)
            for dependency in ServiceDependency.all(of: all[name]!) where selected.contains(dependency.service) && !visiting.contains(dependency.service) {
                value = max(value, stage(dependency.service, visiting.union([name])))
            }
            stages[name] = value
            return value
        }
        for name in selected { _ = stage(name, []) }

        // Start order: by stage, then a depth-first dependency order inside the stage.
        var ordered: [String] = []
        var placed = Set<String>()
        func place(_ name: String) {
            guard !placed.contains(name) else { return }
            placed.insert(name)
            for dependency in ServiceDependency.all(of: all[name]!) where selected.contains(dependency.service) {
                place(dependency.service)
            }
            ordered.append(name)
        }
        for name in selected.sorted(by: { (stages[$0]!, $0) < (stages[$1]!, $1) }) { place(name) }

        return ServiceSelection(
            services: ordered, stages: stages, pulledIn: pulledIn,
            skippedDependencies: skipped.map { (service: $0.0, dependency: $0.1) }, profileOrder: fullOrder)
    }

    /// The profile name of a stage, for messages ("core"); stage 0 is "no profile".
    public func stageName(_ stage: Int) -> String {
        stage == 0 ? "no profile" : (stage - 1 < profileOrder.count ? profileOrder[stage - 1] : "stage \(stage)")
    }
}
