import ArgumentParser

/// plane's exit codes (docs/EXIT-CODES.md): stable, so timers and scripts can act on them.
enum PlaneExit {
    /// Findings at error level, drift found, or an operation that ran and failed.
    static let failure = ExitCode(1)
    /// The project could not be loaded: a file, a flag value or the model is invalid.
    static let invalidProject = ExitCode(2)
    /// The Docker engine (or its socket proxy) could not be reached or refused a request.
    static let engineUnavailable = ExitCode(3)
    /// `plane plan`: changes are pending (terraform's `-detailed-exitcode`; 0 nothing to do, 1 blocked or refused).
    static let changesPending = ExitCode(2)
    /// Another mutating run holds the project's run lock past `--lock-timeout`: nothing was done.
    static let locked = ExitCode(4)
    /// `plane upgrade --check`: the registry has newer images (0: nothing newer).
    static let updatesAvailable = ExitCode(2)
    /// `plane upgrade`/`rollback`/`drift --fix`: held by the freeze file (its reason is printed); nothing was touched.
    static let held = ExitCode(5)
    /// A mutating run was interrupted by SIGINT (130) or SIGTERM (143) and put back what it set aside.
    static let interruptedBySIGINT = ExitCode(130)
}
