import PlaneKit

extension ProjectFlags {
    /// The project name, without resolving the services (only `name:` is read from the files),
    /// and without any file when `-p` names it. A load error is reported and exits 2.
    func resolvedName() throws -> String {
        if let name = projectName, !name.isEmpty, files.isEmpty, projectDirectory == nil {
            return name
        }
        let result = Result { () throws(LoadError) -> String in
            try ProjectLoader.name(options(environment: Environment.current))
        }
        switch result {
        case .success(let name): return name
        case .failure(let error):
            ErrorReporter.report(error)
            throw PlaneExit.invalidProject
        }
    }
}
