/// Which way a difference runs: the files changed and the engine was not updated, or the engine
/// changed behind the files' back.
public enum DriftDirection: String, Sendable, CaseIterable, Codable {
    case filesToEngine = "files->engine"
    case engineToFiles = "engine->files"
}

/// One drifted item: a service (or a container of the project) that differs, which way, why (a
/// stable `code`, the plan's `ContainerChange`/`StepCause` codes) and what fixes it. Names and
/// settings only, never a value of an env or secret file.
public struct DriftItem: Sendable, Equatable {
    public var service: String
    public var direction: DriftDirection
    public var code: String
    public var text: String
    public var fix: String

    public init(service: String, direction: DriftDirection, code: String, text: String, fix: String) {
        self.service = service
        self.direction = direction
        self.code = code
        self.text = text
        self.fix = fix
    }

    /// "web files->engine env-file-changed: env file app.env changed; fix: plane up web"
    public var line: String { "\(service) \(direction.rawValue) \(code): \(text); fix: \(fix)" }
}

/// A part of the project that could not be compared: the run's result is an error (exit 1) even
/// when other services drifted, and those are still reported.
public struct DriftProblem: Sendable, Equatable {
    /// nil: the whole project.
    public var service: String?
    public var message: String

    public init(service: String?, message: String) {
        self.service = service
        self.message = message
    }
}

/// How a drift run ended; the exit code is the status timers and scripts act on, and the value of
/// the `plane_drift_status` metric.
public enum DriftStatus: String, Sendable, CaseIterable {
    /// Files and engine agree.
    case clean
    /// Something could not be compared or fixed (outranks drift).
    case error
    /// Drift found (and not fixed).
    case drift
    /// `--fix` could not take the project's run lock: nothing was changed.
    case locked
    /// `--fix` refused: the freeze file exists. Nothing was changed.
    case held
    /// `--fix` converged every drifted item; a check after it found no drift.
    case fixed

    public var exitCode: Int32 {
        switch self {
        case .clean, .fixed: 0
        case .error: 1
        case .drift: 2
        case .locked: 4
        case .held: 5
        }
    }
}
