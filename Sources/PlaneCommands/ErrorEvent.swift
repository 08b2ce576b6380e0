import PlaneKit
import Synchronization

/// An error as a `--format json` consumer sees it: its stable code (the one in `error[code]` on
/// stderr), the message a person reads, and the file:line:column it points at when there is one.
/// Messages are the stderr text: names, paths and kinds, never a secret value.
struct ErrorEvent: Sendable {
    var code: String
    var message: String
    var location: SourceLocation?
    /// A lint refusal: the blocking findings.
    var findings: [Finding] = []

    /// Where a command in JSON mode wants its errors (`ErrorReporter.withSink`): unset, errors go to stderr only.
    typealias Sink = @Sendable (ErrorEvent) -> Void

    /// The event as one `--format json` line (`up`/`down` stream).
    func line(version: Int) -> JSONLine {
        var line = JSONLine()
        line.add("version", .int(version))
        line.add("event", .string("error"))
        line.add("code", .string(code))
        line.add("message", .string(message))
        line.add("location", location?.description)
        if !findings.isEmpty {
            line.add("findings", .raw("[" + findings.map { finding in
                var object = JSONLine()
                object.add("rule", .string(finding.rule))
                object.add("severity", .string(finding.severity.rawValue))
                object.add("service", finding.service)
                object.add("location", finding.location?.description)
                object.add("message", .string(finding.message))
                return object.text
            }.joined(separator: ",") + "]"))
        }
        return line
    }
}

extension ErrorReporter {
    /// Set by a command writing JSON (`ProgressRenderer.reportingResult`, `plan`/`doctor --format json`)
    /// for the time of its body (`withSink`): every error reported meanwhile is also handed here.
    static var sink: ErrorEvent.Sink? { currentSink.withLock { $0 } }

    private static let currentSink = Mutex<ErrorEvent.Sink?>(nil)

    /// Runs `body` with `sink` receiving every error reported meanwhile, then puts the previous one
    /// back. A process-wide value (one command runs per process), not a `@TaskLocal`: the static
    /// release build crashed in `swift_task_localValuePush` on `TaskLocal.withValue` here (Swift
    /// 6.3.1, `--static-swift-stdlib`), which the debug build used by the tests did not show.
    static func withSink<T>(_ sink: ErrorEvent.Sink?, _ body: () async throws -> T) async rethrows -> T {
        let previous = currentSink.withLock { current in
            defer { current = sink }
            return current
        }
        defer { currentSink.withLock { $0 = previous } }
        return try await body()
    }

    /// `error[code]: message` on stderr, and the same error to the JSON sink when one is set.
    static func error(_ code: String, _ message: String, location: SourceLocation? = nil, findings: [Finding] = []) {
        writeStderr("\(label(.error))[\(code)]: \(message)\n")
        emit(ErrorEvent(code: code, message: message, location: location, findings: findings))
    }

    /// The error to the JSON sink only (its stderr text is written by the caller).
    static func emit(_ event: ErrorEvent) { sink?(event) }
}

/// The errors a one-document `--format json` command (`plan`, `doctor`) reported, for its document's `errors`.
final class ErrorEvents: Sendable {
    private let storage = Mutex<[ErrorEvent]>([])
    var sink: ErrorEvent.Sink { { [self] event in storage.withLock { $0.append(event) } } }
    var all: [ErrorEvent] { storage.withLock { $0 } }
}

extension ErrorEvent {
    /// In a JSON document (`plan`, `doctor`): the same fields as the stream's `error` event.
    struct Entry: Encodable {
        var code: String
        var message: String
        var location: String?
        var findings: [FindingEntry]?
    }

    struct FindingEntry: Encodable {
        var rule: String
        var severity: String
        var service: String?
        var location: String?
        var message: String
    }

    var entry: Entry {
        Entry(code: code, message: message, location: location?.description,
              findings: findings.isEmpty ? nil : findings.map {
                  FindingEntry(rule: $0.rule, severity: $0.severity.rawValue, service: $0.service, location: $0.location?.description, message: $0.message)
              })
    }
}
