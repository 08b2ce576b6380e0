import Foundation

/// Where plane records what its mutating runs did: one run per `up`/`down`/`upgrade`/`rollback`/
/// `drift --fix`, each step journalled *before* its Engine call (write-ahead), so a run killed at any
/// point is recognisable by the next one. PlaneKit defines the seam; `PlaneStore` implements it over
/// SQLite; tests use an in-memory one. No value of a secret or env file ever reaches it: causes are
/// names and kinds only ("secret transmission_pass changed").
public protocol DeploymentHistory: Sendable {
    /// Opens a run and returns its id.
    func begin(_ run: RunStart) throws(HistoryError) -> RunID
    /// Journals a step before its Engine call is made.
    func willRun(_ step: StepRecord, in run: RunID) throws(HistoryError)
    /// Records how a journalled step ended.
    func didRun(step: Int, in run: RunID, status: StepStatus, error: String?) throws(HistoryError)
    /// Closes a run with its outcome and where each service ended.
    func finish(_ run: RunID, outcome: RunOutcome, services: [ServiceResult]) throws(HistoryError)
    /// Runs of this project that were begun and never finished (killed, dockerd gone...), oldest first.
    func unfinishedRuns(project: String) throws(HistoryError) -> [RunSummary]
    /// Marks an unfinished run as taken over by a later run (which converged what it left).
    func markRecovered(_ run: RunID, by later: RunID) throws(HistoryError)
    /// The newest runs first; `service` keeps the runs that touched that service.
    func runs(project: String, service: String?, limit: Int) throws(HistoryError) -> [RunSummary]
    /// Attaches what a drift run found (its status, items and duration) to its run.
    func recordDrift(_ record: DriftRecord, in run: RunID) throws(HistoryError)
    /// The newest drift run that completed its check (clean, drift or fixed), `trigger` ("timer")
    /// when given: what `plane drift --max-age` measures the age of.
    func lastDriftCheck(project: String, trigger: String?) throws(HistoryError) -> DriftCheckSummary?
    /// Records (or updates, by service) what an upgrade or rollback run does to a service's image;
    /// committed before the service is touched, like a journalled step.
    func recordImageChange(_ change: ImageChange, in run: RunID) throws(HistoryError)
}

public struct RunID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (a: RunID, b: RunID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

public enum RunKind: String, Sendable, CaseIterable {
    case up, down, upgrade, rollback, drift
}

/// How a run ended. `interrupted` is written by a run that caught SIGINT/SIGTERM; a run killed
/// outright has no outcome at all (see `unfinishedRuns`) until a later run marks it `recovered`.
public enum RunOutcome: String, Sendable, CaseIterable {
    case succeeded
    case failed
    /// Failed, and the previous containers were put back.
    case restored
    /// Failed, and putting the previous containers back failed too.
    case restoreFailed = "restore-failed"
    case interrupted
    /// Nothing was changed: lint gate, blocked plan, freeze file.
    case refused
    /// Killed without an outcome; a later run converged what it left.
    case recovered
}

public enum StepStatus: String, Sendable, CaseIterable {
    case started, succeeded, failed, skipped
}

/// Who started a run, when, on what.
public struct RunStart: Sendable, Equatable {
    public var project: String
    public var kind: RunKind
    public var startedAt: Date
    /// The user name (or uid) that ran plane; never an environment dump.
    public var user: String
    public var pid: Int32
    public var profiles: [String]
    public var services: [String]
    /// "interactive" or "timer" (the systemd units mark their runs).
    public var trigger: String
    public var planeVersion: String

    public init(project: String, kind: RunKind, startedAt: Date, user: String, pid: Int32,
                profiles: [String], services: [String], trigger: String, planeVersion: String) {
        self.project = project
        self.kind = kind
        self.startedAt = startedAt
        self.user = user
        self.pid = pid
        self.profiles = profiles
        self.services = services
        self.trigger = trigger
        self.planeVersion = planeVersion
    }
}

/// One plan step as journalled: what Engine call, on what, why, and as part of which intent.
public struct StepRecord: Sendable, Equatable {
    /// The step's id in its plan (stable within the run).
    public var index: Int
    /// The action's verb: create, start, stop, rename, remove, connect, pull, ...
    public var action: String
    /// The container, network, volume or image the call is about.
    public var target: String
    public var service: String?
    /// The typed cause's stable code ("definition-changed", "secret-changed", "no-container", ...).
    public var cause: String
    /// The cause as the plan prints it (names only, never values).
    public var causeText: String
    /// What the step is part of, e.g. "replace radarr: vm300-radarr-1 (3f2a...) -> new".
    public var intent: String?

    public init(index: Int, action: String, target: String, service: String?, cause: String,
                causeText: String, intent: String?) {
        self.index = index
        self.action = action
        self.target = target
        self.service = service
        self.cause = cause
        self.causeText = causeText
        self.intent = intent
    }
}

/// A journalled step with how it ended.
public struct StepEntry: Sendable, Equatable {
    public var record: StepRecord
    public var status: StepStatus
    public var error: String?
    public var startedAt: Date
    public var finishedAt: Date?

    public init(record: StepRecord, status: StepStatus, error: String?, startedAt: Date, finishedAt: Date?) {
        self.record = record
        self.status = status
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// Where one service ended after a run: the container and the image it runs.
public struct ServiceResult: Sendable, Equatable {
    public var service: String
    public var containerID: String?
    public var imageID: String?
    /// `name@sha256:...` when the image came from a registry.
    public var repoDigest: String?
    /// "running", "healthy", "restored", "removed", "failed", ...
    public var status: String

    public init(service: String, containerID: String?, imageID: String?, repoDigest: String?, status: String) {
        self.service = service
        self.containerID = containerID
        self.imageID = imageID
        self.repoDigest = repoDigest
        self.status = status
    }
}

/// A run as read back.
public struct RunSummary: Sendable, Equatable {
    public var id: RunID
    public var start: RunStart
    public var finishedAt: Date?
    public var outcome: RunOutcome?
    public var recoveredBy: RunID?
    public var steps: [StepEntry]
    public var services: [ServiceResult]
    /// Upgrade and rollback runs: each service's from -> to image and gate result.
    public var imageChanges: [ImageChange]

    public init(id: RunID, start: RunStart, finishedAt: Date?, outcome: RunOutcome?, recoveredBy: RunID?,
                steps: [StepEntry], services: [ServiceResult], imageChanges: [ImageChange] = []) {
        self.imageChanges = imageChanges
        self.id = id
        self.start = start
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.recoveredBy = recoveredBy
        self.steps = steps
        self.services = services
    }
}

/// A history that cannot be used. Never a silent reset: a corrupt or newer database is an error that
/// changes nothing. Messages name the file, never a value.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not a database, or a failed integrity check.
        case corrupt
        /// Written by a newer plane (schema version above what this build knows).
        case newerSchema = "newer-schema"
        /// Cannot open, read or write the file.
        case io
        /// Another process holds the database past the busy timeout.
        case busy
        /// A run or step id that does not exist.
        case unknownRun = "unknown-run"
    }

    public var code: Code
    public var message: String
    public var path: String?
    public var hint: String?

    public init(_ code: Code, _ message: String, path: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
    }

    public var description: String {
        var text = message
        if let path { text += " (\(path))" }
        if let hint { text += "\n  hint: " + hint }
        return text
    }
}

/// What a drift run found, as the history keeps it (names, codes and settings, never values).
public struct DriftRecord: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var service: String
        /// `files->engine` or `engine->files`.
        public var direction: String
        public var cause: String
        public var causeText: String

        public init(service: String, direction: String, cause: String, causeText: String) {
            self.service = service
            self.direction = direction
            self.cause = cause
            self.causeText = causeText
        }
    }

    /// `DriftStatus` raw value: clean, drift, error, locked, held, fixed.
    public var status: String
    public var items: [Item]
    public var seconds: Double

    public init(status: String, items: [Item], seconds: Double) {
        self.status = status
        self.items = items
        self.seconds = seconds
    }
}

/// The last drift check of a project, for `plane drift --max-age`.
public struct DriftCheckSummary: Sendable, Equatable {
    public var run: RunID
    public var startedAt: Date
    public var trigger: String
    public var status: String

    public init(run: RunID, startedAt: Date, trigger: String, status: String) {
        self.run = run
        self.startedAt = startedAt
        self.trigger = trigger
        self.status = status
    }
}

extension DeploymentHistory {
    /// Histories that keep no drift details (tests' memory history, `NoHistory`) drop them.
    public func recordDrift(_ record: DriftRecord, in run: RunID) throws(HistoryError) {}
    public func lastDriftCheck(project: String, trigger: String?) throws(HistoryError) -> DriftCheckSummary? { nil }
}
