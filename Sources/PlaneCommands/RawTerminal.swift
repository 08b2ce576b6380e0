#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// The local terminal in raw mode while an interactive `plane exec` runs (every key, Ctrl-C
/// included, goes to the command; the container's TTY echoes and edits), put back as it was on
/// every way out: the command's end, an error (`restore()` from a `defer`), the engine closing the
/// connection (the same end), and SIGINT/SIGTERM/SIGHUP sent to plane (restored, then plane exits
/// 128 + the signal).
final class RawTerminal: Sendable {
    private let descriptor: Int32
    private let saved: termios
    private let restored = Atomic<Bool>(false)
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    /// Puts `descriptor` in raw mode; nil when it is not a terminal or refuses (nothing changed then).
    static func enter(_ descriptor: Int32) -> RawTerminal? {
        var original = termios()
        guard isatty(descriptor) == 1, tcgetattr(descriptor, &original) == 0 else { return nil }
        var raw = original
        cfmakeraw(&raw)
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else { return nil }
        let terminal = RawTerminal(descriptor: descriptor, saved: original)
        terminal.restoreOnSignals()
        return terminal
    }

    private init(descriptor: Int32, saved: termios) {
        self.descriptor = descriptor
        self.saved = saved
    }

    /// Back to the mode it had; once, whoever calls first.
    func restore() {
        guard !restored.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var mode = saved
        // TCSADRAIN: the command's last output is written in raw mode, as it was meant to be.
        _ = tcsetattr(descriptor, TCSADRAIN, &mode)
    }

    private func restoreOnSignals() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                restore()
                ErrorReporter.writeStderr("\r\ninterrupted by signal \(number): the terminal is restored; the command may go on in the container\n")
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)  // set up once, before any signal can arrive
        }
    }

    /// Rows and columns of the terminal on `descriptor`, nil when it has none.
    static func size(of descriptor: Int32) -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }

    deinit { restore() }
}
