import ArgumentParser
import PlaneKit

/// Loads the project named by the flags, or reports why not and exits 2.
enum ProjectLoading {
    static func load(_ flags: ProjectFlags) throws -> ResolvedProject {
        let result = Result { () throws(LoadError) -> ResolvedProject in
            try ProjectLoader.load(flags.options(environment: Environment.current))
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
