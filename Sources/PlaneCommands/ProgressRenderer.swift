import ArgumentParser
import PlaneKit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Shows executor events: on a terminal, one line per service redrawn in place (colour unless
/// NO_COLOR); otherwise one plain line per event; with `--format json`, one JSON object per line.
/// Events arrive from concurrent operations, so output is serialised.
final class ProgressRenderer: Sendable {
    enum Mode: Sendable { case live, lines, json }

    private struct Row {
        var key: String
        var status: ProgressEvent.Status
        var text: String
    }

    private struct State {
        var rows: [Row] = []
        var drawn = 0
    }

    let mode: Mode
    let color: Bool
    private let state = Mutex(State())

    init(format: ProgressFormat, environment: [String: String] = Environment.current) {
        if format == .json {
            mode = .json
        } else {
            mode = isatty(1) == 1 && environment["TERM"] != "dumb" ? .live : .lines
        }
        color = mode == .live && (environment["NO_COLOR"] ?? "").isEmpty
    }

    func handle(_ event: ProgressEvent) {
        switch mode {
        case .json:
            var line = JSONLine()
            line.add("version", .int(Self.streamVersion))
            line.add("event", .string("progress"))
            line.add("elapsed", .double((event.elapsed * 1000).rounded() / 1000))
            line.add("operation", .int(event.operation))
            line.add("service", event.service)
            line.add("action", .string(event.action))
            line.add("object", .string(event.object))
            line.add("status", .string(event.status.rawValue))
            line.add("message", .string(event.message))
            ErrorReporter.writeStdout(line.text + "\n")
        case .lines:
            let seconds = String.seconds(event.elapsed)
            let who = event.service ?? event.object
            ErrorReporter.writeStdout("[\(seconds)] \(who): \(event.status.rawValue): \(event.message)\n")
        case .live:
            state.withLock { state in
                let key = event.service ?? event.object
                let text: String
                switch event.status {
                case .working, .failed, .warning: text = event.message
                case .waiting: text = event.message
                case .done: text = event.message + " - done"
                }
                if let index = state.rows.firstIndex(where: { $0.key == key }) {
                    // A finished service keeps its last failure or warning visible.
                    if state.rows[index].status != .failed { state.rows[index] = Row(key: key, status: event.status, text: text) }
                } else {
                    state.rows.append(Row(key: key, status: event.status, text: text))
                }
                redraw(&state)
            }
        }
    }

    /// The version of the `--format json` event stream (docs/JSON.md).
    static let streamVersion = 1

    /// One line of the stream carrying a document: `{"version":1,"event":NAME,KEY:DOCUMENT}`
    /// (`up --dry-run`'s plan, `up --verify`'s health report).
    static func event(_ name: String, embedding key: String, _ document: String) -> String {
        var line = JSONLine()
        line.add("version", .int(streamVersion))
        line.add("event", .string(name))
        line.add(key, .raw(document))
        return line.text + "\n"
    }

    /// `--format json`: the stream's last line, whatever the outcome (errors included: each was an
    /// `error` event before it, its text is on stderr too).
    func result(exitCode: Int32) {
        guard mode == .json else { return }
        var line = JSONLine()
        line.add("version", .int(Self.streamVersion))
        line.add("event", .string("result"))
        line.add("outcome", .string(Self.outcome(exitCode)))
        line.add("exitCode", .int(Int(exitCode)))
        ErrorReporter.writeStdout(line.text + "\n")
    }

    static func outcome(_ code: Int32) -> String {
        switch code {
        case 0: "succeeded"
        case 2: "invalid-project"
        case 3: "engine-unavailable"
        case 4: "locked"
        case 130, 143: "interrupted"
        default: "failed"
        }
    }

    /// Runs a command's body and ends the JSON stream with its result event; with `--format json`,
    /// every error the body reports is an `error` event of the stream too (before the result).
    func reportingResult(_ body: () async throws -> Void) async throws {
        var sink: ErrorEvent.Sink?
        if mode == .json {
            sink = { @Sendable event in ErrorReporter.writeStdout(event.line(version: ProgressRenderer.streamVersion).text + "\n") }
        }
        do {
            try await ErrorReporter.withSink(sink, body)
            result(exitCode: 0)
        } catch let exit as ExitCode {
            result(exitCode: exit.rawValue)
            throw exit
        } catch {
            // Not reported by the body (a usage error found late): the stream still says what it was.
            sink?(ErrorEvent(code: "failed", message: "\(error)"))
            result(exitCode: 1)
            throw error
        }
    }

    /// Prints a line above the live view (or as is without one).
    func note(_ text: String) {
        if mode == .json { return }
        ErrorReporter.writeStdout(text + "\n")
    }

    private func redraw(_ state: inout State) {
        var out = ""
        if state.drawn > 0 { out += "\u{1B}[\(state.drawn)A" }
        let width = min(24, state.rows.map(\.key.count).max() ?? 0)
        let columns = Self.terminalColumns()
        for row in state.rows {
            let (symbol, code) = Self.look(row.status)
            let key = row.key.count < width ? row.key + String(repeating: " ", count: width - row.key.count) : row.key
            var line = " \(symbol) \(key)  \(row.text)"
            if line.count > columns - 1 { line = String(line.prefix(max(10, columns - 2))) + "…" }
            out += "\r\u{1B}[2K" + (color ? "\u{1B}[\(code)m" + line + "\u{1B}[0m" : line) + "\n"
        }
        state.drawn = state.rows.count
        ErrorReporter.writeStdout(out)
    }

    private static func look(_ status: ProgressEvent.Status) -> (String, String) {
        switch status {
        case .working: ("…", "33")
        case .waiting: ("⧗", "36")
        case .done: ("✔", "32")
        case .warning: ("!", "33")
        case .failed: ("✘", "31")
        }
    }

    private static func terminalColumns() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 120
    }
}
