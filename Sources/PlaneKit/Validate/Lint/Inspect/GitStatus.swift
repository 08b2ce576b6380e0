/// Which of the project's env and secret files git tracks or ignores, asked with
/// `git -C <project dir> ls-files` and `git check-ignore` (no shell, paths as arguments).
struct GitStatus {
    /// Absolute paths in git's index.
    var tracked: Set<String> = []
    /// Absolute paths neither tracked nor ignored: `git add -A` would commit them.
    var unignored: Set<String> = []

    /// Nil with the reason when the folder is not in a git work tree or git cannot run.
    static func query(directory: String, paths: [String]) -> Result<GitStatus, SystemError> {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let relative = paths.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        var status = GitStatus()
        guard !relative.isEmpty else { return .success(status) }
        let environment = ["GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"]
        let listed: ChildProcess.Outcome
        switch ChildProcess.run("git", ["-C", directory, "ls-files", "-z", "--"] + relative, extraEnvironment: environment) {
        case .failure(let error): return .failure(error)
        case .success(let outcome): listed = outcome
        }
        guard listed.status == 0 else { return .failure(SystemError(code: listed.status, reason: listed.errorLine)) }
        let tracked = Set(split(listed.standardOutput))
        status.tracked = Set(tracked.map { prefix + $0 })
        let untracked = relative.filter { !tracked.contains($0) }
        guard !untracked.isEmpty else { return .success(status) }
        // check-ignore takes -z only with --stdin: plain lines, unquoted (core.quotePath=false).
        switch ChildProcess.run("git", ["-C", directory, "-c", "core.quotePath=false", "check-ignore", "--"] + untracked,
                                extraEnvironment: environment) {
        case .failure(let error):
            return .failure(error)
        case .success(let outcome):
            guard outcome.status == 0 || outcome.status == 1 else {
                return .failure(SystemError(code: outcome.status, reason: outcome.errorLine))
            }
            let ignored = Set(outcome.standardOutput.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) })
            status.unignored = Set(untracked.filter { !ignored.contains($0) }.map { prefix + $0 })
        }
        return .success(status)
    }

    private static func split(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
