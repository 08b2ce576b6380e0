import PlaneKit

/// What `plane up` and `plane plan` both set up before planning: the request their flags describe
/// and plane's machine-local label key.
enum ConvergenceSetup {
    static func request(project: ProjectFlags, services: [String], noDeps: Bool, pull: PullPolicy, removeOrphans: Bool,
                        wait: Bool, environment: [String: String]) -> UpRequest {
        UpRequest(
            profiles: project.requestedProfiles(environment: environment), services: services, withDependencies: !noDeps,
            reconcile: ReconcileOptions(pull: pull, removeOrphans: removeOrphans, wait: wait))
    }

    static func labelKey(environment: [String: String]) async throws -> LabelKey {
        try await ErrorReporter.exiting { try LabelKey.loadOrCreate(in: LabelKey.stateDirectory(environment: environment)) }
    }
}
