import ArgumentParser
import PlaneKit

/// Loads the project named by the flags, or reports why not and exits 2.
enum ProjectLoading {
    /// `recordingInputProblems`: lint's load, where missing env files, unset `${VAR:?}` and
    /// undefined secrets are recorded in the project instead of failing.
    /// `compatibilityModel`: `config`'s load, where `--compatibility` prints compose's unnormalised model.
    static func load(_ flags: ProjectFlags, recordingInputProblems: Bool = false, compatibilityModel: Bool = false) throws -> ResolvedProject {
        var options = compatibilityModel ? flags.configOptions(environment: Environment.current) : flags.options(environment: Environment.current)
        options.recordsInputProblems = recordingInputProblems
        let result = Result { () throws(LoadError) -> ResolvedProject in
            try ProjectLoader.load(options)
        }
        switch result {
        case .success(let project):
            return project
        case .failure(let error):
            ErrorReporter.report(error)
            throw PlaneExit.invalidProject
        }
    }
}
